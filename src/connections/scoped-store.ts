import type { KeyValueStore } from '../storage/store';

/**
 * The shared store as one connection sees it: every key under the connection's own prefix, so that
 * what an adapter keeps there (a provider's user tokens, say) can never be read or overwritten
 * through another tenant's connection of the same name.
 */
export class ScopedStore implements KeyValueStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly prefix: string,
  ) {}

  get kind(): KeyValueStore['kind'] {
    return this.store.kind;
  }

  isAvailable(): boolean {
    return this.store.isAvailable();
  }

  get(key: string): Promise<string | null> {
    return this.store.get(this.prefix + key);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.store.set(this.prefix + key, value, ttlMs);
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.store.setIfAbsent(this.prefix + key, value, ttlMs);
  }

  delete(key: string): Promise<void> {
    return this.store.delete(this.prefix + key);
  }

  deleteIfValue(key: string, value: string): Promise<void> {
    return this.store.deleteIfValue(this.prefix + key, value);
  }

  replaceIfValue(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return this.store.replaceIfValue(this.prefix + key, expected, value, ttlMs);
  }
}
