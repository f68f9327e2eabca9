import type { GuardedRedis } from '../storage/redis-guard';
import { SharedLimiter } from '../storage/shared-limiter';

export interface Quota {
  requests: number;
  perSeconds: number;
}

/**
 * Paces one connection's calls below its provider's published quota. With Redis the budget is
 * shared by every gateway instance (and falls back to a per-process budget when Redis fails).
 */
export class OutboundLimiter {
  private readonly limiter: SharedLimiter;

  constructor(
    private readonly connection: string,
    quota: Quota,
    redis?: GuardedRedis,
  ) {
    this.limiter = new SharedLimiter({ points: quota.requests, duration: quota.perSeconds, keyPrefix: 'outbound' }, redis);
  }

  /** Milliseconds to wait before the call may go, 0 when it may go now. */
  async delayMs(): Promise<number> {
    const { allowed, state } = await this.limiter.consume(this.connection);
    return allowed ? 0 : Math.max(1, state.msBeforeNext);
  }
}
