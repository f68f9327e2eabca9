import type { Request } from 'express';
import type { Cluster, Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { GatewayError } from '../errors';
import type { Metrics } from '../observability/metrics';
import type { Quota } from '../resilience/outbound-limit';

/**
 * Failed authentications per client address (`authFailureLimit`): past the limit, the address is
 * refused (429) before any token of it is looked at, until the window passes. With Redis the count
 * is shared by every instance; if Redis fails, each instance counts on its own.
 */
export class AuthFailureLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    private readonly quota: Quota,
    private readonly metrics: Metrics,
    redis?: Redis | Cluster,
    keyPrefix = 'usergate:',
  ) {
    const options = { points: quota.requests, duration: quota.perSeconds, keyPrefix: `${keyPrefix}auth-failures` };
    const memory = new RateLimiterMemory(options);
    this.limiter = redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory }) : memory;
  }

  async refuseIfOver(req: Request): Promise<void> {
    const state = await this.limiter.get(addressOf(req));
    if (!state || state.consumedPoints < this.quota.requests) return;
    this.metrics.rateLimited.inc({ direction: 'unauthenticated' });
    throw new GatewayError('rate_limited', 'Too many failed authentications from this address; wait before trying again.', {
      retryAfter: Math.max(1, Math.ceil(state.msBeforeNext / 1000)),
    });
  }

  async count(req: Request): Promise<void> {
    try {
      await this.limiter.consume(addressOf(req));
    } catch (rejection) {
      // Over the limit already: the next request is refused by refuseIfOver.
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
    }
  }
}

/** The peer's address (or the one `trust proxy` takes from X-Forwarded-For, when the app is told to). */
function addressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
