import type { RequestHandler } from 'express';
import type { SendProblem } from './problems';

export interface RebillySimulatorQuota {
  requests: number;
  windowSeconds: number;
}

/**
 * Rebilly's rate limit as its API introduction describes the sandbox's: non-GET requests count
 * against a window, every answer carries `X-RateLimit-Limit` / `-Remaining`, and a 429 says when
 * the window resets in `X-RateLimit-Retry-After` (a UTC unix timestamp).
 */
export function enforceQuota(quota: RebillySimulatorQuota, problem: SendProblem, now = Date.now): RequestHandler {
  let windowStartedAt = now();
  let used = 0;
  return (req, res, next) => {
    if (req.method === 'GET') {
      next();
      return;
    }
    if (now() - windowStartedAt >= quota.windowSeconds * 1000) {
      windowStartedAt = now();
      used = 0;
    }
    res.setHeader('X-RateLimit-Limit', String(quota.requests));
    if (used >= quota.requests) {
      res.setHeader('X-RateLimit-Remaining', '0');
      res.setHeader('X-RateLimit-Retry-After', String(Math.ceil((windowStartedAt + quota.windowSeconds * 1000) / 1000)));
      problem(res, 429, 'Rate Limit Exceeded', 'A request cannot be executed because the user has sent too many requests within a certain period of time');
      return;
    }
    used += 1;
    res.setHeader('X-RateLimit-Remaining', String(quota.requests - used));
    next();
  };
}
