import type { LiveInstances } from '../storage/live-instances';
import type { GuardedRedis } from '../storage/redis-guard';
import { SharedLimiter } from '../storage/shared-limiter';

export interface Quota {
  requests: number;
  perSeconds: number;
}

/** 90% of each of a provider's published quotas, leaving room for its other clients' share of the key. */
export function pacedBelow(quotas: readonly Quota[]): Quota[] {
  return quotas.map((quota) => ({ requests: Math.max(1, Math.floor(quota.requests * 0.9)), perSeconds: quota.perSeconds }));
}

/**
 * Paces one connection's calls below every window of its provider's quota (100 a second and 1,000
 * a minute, say). With Redis the budget is shared by every gateway instance; while Redis is
 * unusable each instance counts on its own, on its share of the budget (the budget divided by the
 * live instances), so that together they still stay below the quota.
 */
export class OutboundLimiter {
  private readonly windows: SharedLimiter[];

  constructor(
    private readonly connection: string,
    quotas: readonly Quota[],
    redis?: GuardedRedis,
    instances?: LiveInstances,
  ) {
    // Shortest window first: a call it holds back takes nothing from the longer windows.
    const ordered = [...quotas].sort((a, b) => a.perSeconds - b.perSeconds);
    this.windows = ordered.map((quota) => {
      // Each call costs this instance `instances` points of the whole budget: a budget of 1/N (at least one call a window).
      const share = () => Math.min(instances?.count() ?? 1, quota.requests);
      return new SharedLimiter({ points: quota.requests, duration: quota.perSeconds, keyPrefix: `outbound:${quota.perSeconds}s` }, redis, share);
    });
  }

  /** Milliseconds to wait before the call may go, 0 when it may go now. */
  async delayMs(): Promise<number> {
    for (const window of this.windows) {
      const { allowed, state } = await window.consume(this.connection);
      if (!allowed) return Math.max(1, state.msBeforeNext);
    }
    return 0;
  }
}
