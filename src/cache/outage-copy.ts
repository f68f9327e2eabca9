/** How much of the shared cache one instance keeps a copy of. */
export interface OutageCopyBounds {
  maxEntries: number;
  maxBytes: number;
}

/**
 * This instance's own copy of the cache entries it last read or wrote through Redis, bounded in
 * entries and bytes (least recently used go first), served only while Redis is unusable. Entries
 * carry their own storage time, so the cache policy still decides whether they are fresh or stale.
 */
export class OutageCopy {
  /** A Map iterates in insertion order: re-inserting on use keeps the least recently used first. */
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly bounds: OutageCopyBounds) {}

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  get(key: string): string | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: string): void {
    this.delete(key);
    const size = bytesOf(key, value);
    if (size > this.bounds.maxBytes) return;
    this.entries.set(key, value);
    this.bytes += size;
    for (const [oldest, oldValue] of this.entries) {
      if (this.entries.size <= this.bounds.maxEntries && this.bytes <= this.bounds.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= bytesOf(oldest, oldValue);
    }
  }

  delete(key: string): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.bytes -= bytesOf(key, value);
  }
}

/** UTF-16 code units, two bytes each: what the strings hold in memory, near enough. */
function bytesOf(key: string, value: string): number {
  return 2 * (key.length + value.length);
}
