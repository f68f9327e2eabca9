/** Enough distinct Rebilly users that no two concurrent reads of the cache-miss scenario share one. */
export const BENCH_USER_COUNT = 1000;

/** `usr_BENCH0000000042`: a valid Rebilly id for each generated user. */
export function benchUserId(index: number): string {
  return `usr_BENCH${String(index % BENCH_USER_COUNT).padStart(10, '0')}`;
}
