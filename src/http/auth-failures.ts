import type { Request } from 'express';
import { GatewayError } from '../errors';
import type { Metrics } from '../observability/metrics';
import type { Quota } from '../resilience/outbound-limit';
import type { GuardedRedis } from '../storage/redis-guard';
import { SharedLimiter } from '../storage/shared-limiter';

/**
 * Failed authentications per client address (`authFailureLimit`): past the limit, the address is
 * refused (429) before any token of it is looked at, until the window passes. With Redis the count
 * is shared by every instance; if Redis fails, each instance counts on its own.
 */
export class AuthFailureLimit {
  private readonly limiter: SharedLimiter;

  constructor(
    private readonly quota: Quota,
    private readonly metrics: Metrics,
    redis?: GuardedRedis,
  ) {
    this.limiter = new SharedLimiter({ points: quota.requests, duration: quota.perSeconds, keyPrefix: 'auth-failures' }, redis);
  }

  async refuseIfOver(req: Request): Promise<void> {
    const state = await this.limiter.get(addressOf(req));
    if (!state || state.consumedPoints < this.quota.requests) return;
    this.metrics.rateLimited.inc({ direction: 'unauthenticated' });
    throw new GatewayError('rate_limited', 'Too many failed authentications from this address; wait before trying again.', {
      retryAfter: Math.max(1, Math.ceil(state.msBeforeNext / 1000)),
    });
  }

  /** Over the limit already or not, the next request is judged by refuseIfOver. */
  async count(req: Request): Promise<void> {
    await this.limiter.consume(addressOf(req));
  }
}

/** The peer's address, or the client's that X-Forwarded-For gives behind the proxies `server.trustProxy` names. */
function addressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
