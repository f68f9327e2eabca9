/** Enough distinct Rebilly users that no two concurrent reads of the cache-miss scenario share one. */
export const BENCH_USER_COUNT = 1000;

/** `usr_BENCH0000000042`: a valid Rebilly id for each generated user. */
export function benchUserId(index: number): string {
  return `usr_BENCH${String(index % BENCH_USER_COUNT).padStart(10, '0')}`;
}

/** The read the cached-read figures repeat: one user, through a connection named `rebilly`. */
export const CACHED_READ_PATH = `/v1/users/rebilly:${benchUserId(0)}`;

/** A cache whose entries stay fresh for the whole run: every read after the first is a hit. */
export const CACHE_ALWAYS_FRESH = { enabled: true, softTtlSeconds: 3600 } as const;
