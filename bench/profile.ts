/** How long and how hard each scenario runs: the full suite for figures, the smoke run for `npm test`. */
export interface Profile {
  name: 'full' | 'smoke';
  /** Unrecorded load before each measured target, so that JIT, sockets and token caches are warm. */
  warmupSeconds: number;
  /** `settleMisses`: cache misses back to back before the rounds, until V8 has optimised the miss path (after about 15,000). */
  cacheMiss: { rate: number; seconds: number; rounds: number; settleMisses: number };
  cacheHit: { connections: number; seconds: number; rounds: number };
  fanOut: { rate: number; seconds: number; rounds: number };
  coalescing: { concurrentReads: number };
  memory: { connections: number; seconds: number };
  upstreamClients: { calls: number; rounds: number };
  /** Stored connections over tenants in the store at start, how many of them the load uses, and how many reads each gets. */
  tenants: { tenants: number; perTenant: number; active: number; readsEach: number };
  logLines: { lines: number; rounds: number };
  workers: { connections: number; seconds: number; rounds: number };
}

export const PROFILES: Record<Profile['name'], Profile> = {
  full: {
    name: 'full',
    warmupSeconds: 2,
    // More, shorter rounds: the median of five shrugs off a burst of other work on the machine.
    cacheMiss: { rate: 200, seconds: 3, rounds: 5, settleMisses: 20_000 },
    cacheHit: { connections: 50, seconds: 3, rounds: 5 },
    // Payabli publishes 200 calls a minute and the gateway paces it at 90% of that: stay below.
    fanOut: { rate: 10, seconds: 5, rounds: 2 },
    coalescing: { concurrentReads: 200 },
    memory: { connections: 1000, seconds: 8 },
    upstreamClients: { calls: 4000, rounds: 3 },
    tenants: { tenants: 1000, perTenant: 10, active: 1000, readsEach: 3 },
    logLines: { lines: 50_000, rounds: 5 },
    workers: { connections: 50, seconds: 3, rounds: 5 },
  },
  smoke: {
    name: 'smoke',
    warmupSeconds: 1,
    cacheMiss: { rate: 20, seconds: 1, rounds: 1, settleMisses: 200 },
    cacheHit: { connections: 4, seconds: 1, rounds: 1 },
    fanOut: { rate: 4, seconds: 1, rounds: 1 },
    coalescing: { concurrentReads: 200 },
    memory: { connections: 50, seconds: 1 },
    upstreamClients: { calls: 200, rounds: 1 },
    tenants: { tenants: 50, perTenant: 4, active: 50, readsEach: 2 },
    logLines: { lines: 2000, rounds: 1 },
    workers: { connections: 4, seconds: 1, rounds: 1 },
  },
};
