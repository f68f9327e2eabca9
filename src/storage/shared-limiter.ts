import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { GuardedRedis } from './redis-guard';

export interface LimiterOptions {
  points: number;
  duration: number;
  /** Under the Redis key prefix. */
  keyPrefix: string;
}

/**
 * A rate limit shared by every instance through Redis, counted in this process while Redis is
 * unusable. Redis goes through its breaker, so an outage costs nothing per call; `fallbackCost`
 * lets the per-process count stand for this instance's share of the budget only.
 */
export class SharedLimiter {
  private readonly memory: RateLimiterMemory;
  private readonly shared?: RateLimiterRedis;

  constructor(
    options: LimiterOptions,
    private readonly redis?: GuardedRedis,
    private readonly fallbackCost: () => number = () => 1,
  ) {
    const prefixed = { ...options, keyPrefix: `${redis?.keyPrefix ?? ''}${options.keyPrefix}` };
    this.memory = new RateLimiterMemory(prefixed);
    if (redis) this.shared = new RateLimiterRedis({ ...prefixed, storeClient: redis.client, rejectIfRedisNotReady: true });
  }

  /** Counts one call; `allowed` false when it is over the limit (`state` says until when). */
  async consume(key: string): Promise<LimitOutcome> {
    const { shared, redis } = this;
    if (shared && redis?.usable) {
      const outcome = await redis.run(() => shared.consume(key).then(allowed, overLimit)).catch(() => undefined);
      if (outcome) return outcome;
    }
    return this.memory.consume(key, this.fallbackCost()).then(allowed, overLimit);
  }

  async get(key: string): Promise<RateLimiterRes | null> {
    const { shared, redis } = this;
    if (shared && redis?.usable) {
      const state = await redis.run(() => shared.get(key)).catch(() => undefined);
      if (state !== undefined) return state;
    }
    return this.memory.get(key);
  }
}

export interface LimitOutcome {
  allowed: boolean;
  state: RateLimiterRes;
}

function allowed(state: RateLimiterRes): LimitOutcome {
  return { allowed: true, state };
}

/** Over the limit is an answer (from Redis, not a failure of it: the breaker must not count it). */
function overLimit(rejection: unknown): LimitOutcome {
  if (rejection instanceof RateLimiterRes) return { allowed: false, state: rejection };
  throw rejection;
}
