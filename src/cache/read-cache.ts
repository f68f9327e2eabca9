import { GatewayError } from '../errors';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../observability/metrics';
import { inSpan } from '../observability/spans';
import { SingleFlight } from '../resilience/single-flight';
import type { KeyValueStore } from '../storage/store';
import type { OutageCopy } from './outage-copy';

export interface CachePolicy {
  /** Fresh until then. */
  softTtlMs: number;
  /** After soft expiry, served at once while one background call refreshes it, for this long. */
  staleWhileRevalidateMs: number;
  /** Served when the provider fails, until then (stale-if-error). */
  hardTtlMs: number;
}

/** How a read was answered, in RFC 9211 `Cache-Status` terms. */
type CacheResult = 'hit' | 'miss' | 'collapsed' | 'stale-while-revalidate' | 'stale-if-error' | 'bypass';

export interface CachedRead<T> {
  value: T;
  result: CacheResult;
  /** Seconds of freshness left (negative when stale). */
  ttlSeconds?: number;
}

interface Entry<T> {
  value: T;
  storedAt: number;
}

/** Entries kept parsed (with the text they were parsed from), oldest out beyond this many. */
const PARSED_ENTRIES = 1000;

/** Provider failures during which a stale copy beats an error. */
const STALE_IF_ERROR_CODES = new Set(['provider_unavailable', 'provider_timeout', 'provider_error', 'rate_limited']);

/**
 * Read-through cache with stale-while-revalidate and stale-if-error (RFC 5861), coalescing
 * identical concurrent loads. The store is fail-open: when it is unreachable, reads go upstream.
 */
export class ReadCache {
  private readonly loads = new SingleFlight<unknown>();
  /**
   * The last entry parsed for each key, beside its text: a hit whose text has not changed since
   * parses nothing. Shared by every read that finds the same text, so it is frozen, all the way down.
   */
  private readonly parsed = new Map<string, { raw: string; entry: Entry<unknown> }>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    /** With a shared store: what to serve while it is unreachable. */
    private readonly outageCopy?: OutageCopy,
  ) {}

  /** Traced as a `cache.read` span that says how the read was answered. */
  read<T>(key: string, policy: CachePolicy, load: () => Promise<T>): Promise<CachedRead<T>> {
    return inSpan('cache.read', {}, () => this.readThrough(key, policy, load), {
      outcome: (read) => ({ attributes: { 'usergate.cache.result': read.result } }),
    });
  }

  private async readThrough<T>(key: string, policy: CachePolicy, load: () => Promise<T>): Promise<CachedRead<T>> {
    const entry = await this.get<T>(key);
    const age = entry ? Date.now() - entry.storedAt : Infinity;
    const ttlSeconds = entry ? Math.round((policy.softTtlMs - age) / 1000) : undefined;
    if (entry && age < policy.softTtlMs) return this.count({ value: entry.value, result: 'hit', ttlSeconds });
    if (entry && age < policy.softTtlMs + policy.staleWhileRevalidateMs) {
      this.refreshInBackground(key, policy, load);
      return this.count({ value: entry.value, result: 'stale-while-revalidate', ttlSeconds });
    }
    try {
      const { value, joined } = await this.loadOnce(key, policy, load);
      return this.count({ value, result: joined ? 'collapsed' : 'miss' });
    } catch (error) {
      if (entry && age < policy.hardTtlMs && error instanceof GatewayError && STALE_IF_ERROR_CODES.has(error.code)) {
        return this.count({ value: entry.value, result: 'stale-if-error', ttlSeconds });
      }
      throw error;
    }
  }

  /** Coalesces without caching (reads whose invalidation cannot be exact, such as lookups). */
  async coalesce<T>(key: string, load: () => Promise<T>): Promise<{ value: T; joined: boolean }> {
    const { promise, joined } = this.loads.run(key, load);
    if (joined) this.metrics.coalesced.inc();
    return { value: (await promise) as T, joined };
  }

  async invalidate(keys: string[]): Promise<void> {
    for (const key of keys) {
      this.outageCopy?.delete(key);
      this.parsed.delete(key);
    }
    await Promise.all(keys.map((key) => this.store.delete(key))).catch((error: unknown) =>
      this.logger.warn('cache invalidation failed', { error: error instanceof Error ? error.message : String(error) }),
    );
  }

  private async loadOnce<T>(key: string, policy: CachePolicy, load: () => Promise<T>) {
    return this.coalesce(key, async () => {
      const value = await load();
      await this.put(key, value, policy);
      return value;
    });
  }

  private refreshInBackground<T>(key: string, policy: CachePolicy, load: () => Promise<T>): void {
    this.loadOnce(key, policy, load).catch(() => undefined);
  }

  private async get<T>(key: string): Promise<Entry<T> | undefined> {
    if (!this.store.isAvailable()) return this.unavailable(key);
    let raw: string | null;
    try {
      raw = await this.store.get(key);
    } catch {
      return this.unavailable(key);
    }
    // The copy follows what the shared store says, so that another instance's invalidation reaches it.
    if (raw) this.outageCopy?.set(key, raw);
    else this.outageCopy?.delete(key);
    return raw ? this.entryOf<T>(key, raw) : undefined;
  }

  private entryOf<T>(key: string, raw: string): Entry<T> {
    const known = this.parsed.get(key);
    if (known?.raw === raw) return known.entry as Entry<T>;
    const entry = deepFreeze(JSON.parse(raw) as Entry<T>);
    this.parsed.delete(key);
    const oldest = this.parsed.keys().next();
    if (this.parsed.size >= PARSED_ENTRIES && !oldest.done) this.parsed.delete(oldest.value);
    this.parsed.set(key, { raw, entry });
    return entry;
  }

  private async put(key: string, value: unknown, policy: CachePolicy): Promise<void> {
    const raw = JSON.stringify({ value, storedAt: Date.now() } satisfies Entry<unknown>);
    this.outageCopy?.set(key, raw);
    if (!this.store.isAvailable()) return;
    await this.store.set(key, raw, policy.hardTtlMs).catch(() => undefined);
  }

  /** The store is unreachable: this instance's own copy, if it has one. */
  private unavailable<T>(key: string): Entry<T> | undefined {
    this.metrics.cache.inc({ result: 'error' });
    const raw = this.outageCopy?.get(key);
    return raw === undefined ? undefined : this.entryOf<T>(key, raw);
  }

  private count<T>(read: CachedRead<T>): CachedRead<T> {
    const label = { hit: 'hit', miss: 'miss', collapsed: 'miss', 'stale-while-revalidate': 'stale', 'stale-if-error': 'stale_if_error', bypass: 'miss' }[
      read.result
    ];
    this.metrics.cache.inc({ result: label });
    return read;
  }
}

/** The `Cache-Status` header value (RFC 9211) for a read. */
export function cacheStatusHeader(read: Pick<CachedRead<unknown>, 'result' | 'ttlSeconds'>): string {
  const ttl = read.ttlSeconds === undefined ? '' : `; ttl=${read.ttlSeconds}`;
  switch (read.result) {
    case 'hit':
      return `usergate; hit${ttl}`;
    case 'stale-while-revalidate':
    case 'stale-if-error':
      return `usergate; hit${ttl}; detail=${read.result}`;
    case 'collapsed':
      return 'usergate; fwd=miss; collapsed';
    case 'bypass':
      return 'usergate; fwd=bypass';
    default:
      return 'usergate; fwd=miss; stored';
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
