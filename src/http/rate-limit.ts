import type { RequestHandler } from 'express';
import type { RateLimiterRes } from 'rate-limiter-flexible';
import type { Principal } from '../auth/principal';
import { tenantClientKey } from '../auth/tenant';
import { GatewayError } from '../errors';
import type { Metrics } from '../observability/metrics';
import type { Quota } from '../resilience/outbound-limit';
import type { GuardedRedis } from '../storage/redis-guard';
import { SharedLimiter } from '../storage/shared-limiter';

/**
 * Requests per client (token issuer and subject) and tenant: an ops token's requests in one tenant
 * do not spend its budget in another. With Redis the count is shared by every gateway instance;
 * if Redis fails, each instance falls back to counting on its own rather than refusing everyone.
 */
export function clientRateLimit(quota: Quota, metrics: Metrics, redis?: GuardedRedis): RequestHandler {
  const limiter = new SharedLimiter({ points: quota.requests, duration: quota.perSeconds, keyPrefix: 'inbound' }, redis);
  return async (_req, res, next) => {
    const { allowed, state } = await limiter.consume(tenantClientKey(res.locals.principal as Principal, res.locals.tenant as string));
    setHeaders(res, quota, state);
    if (!allowed) {
      metrics.rateLimited.inc({ direction: 'inbound' });
      throw new GatewayError('rate_limited', 'This client sent too many requests; slow down.', {
        retryAfter: Math.ceil(state.msBeforeNext / 1000),
      });
    }
    next();
  };
}

/** The IETF draft's `RateLimit-*` fields, so clients can pace themselves before they are refused. */
function setHeaders(res: Parameters<RequestHandler>[1], quota: Quota, state: RateLimiterRes): void {
  res.setHeader('RateLimit-Limit', String(quota.requests));
  res.setHeader('RateLimit-Remaining', String(Math.max(0, state.remainingPoints)));
  res.setHeader('RateLimit-Reset', String(Math.ceil(state.msBeforeNext / 1000)));
}
