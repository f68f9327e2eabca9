import type { Cluster, Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface Quota {
  requests: number;
  perSeconds: number;
}

/**
 * Paces one connection's calls below its provider's published quota. With Redis the budget is
 * shared by every gateway instance (and falls back to a per-process budget when Redis fails).
 */
export class OutboundLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    private readonly connection: string,
    quota: Quota,
    redis?: Redis | Cluster,
    keyPrefix = 'usergate:',
  ) {
    const options = { points: quota.requests, duration: quota.perSeconds, keyPrefix: `${keyPrefix}outbound` };
    const memory = new RateLimiterMemory(options);
    this.limiter = redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory }) : memory;
  }

  /** Milliseconds to wait before the call may go, 0 when it may go now. */
  async delayMs(): Promise<number> {
    try {
      await this.limiter.consume(this.connection);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
      return 0;
    }
  }
}
