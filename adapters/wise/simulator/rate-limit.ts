import type { RequestHandler } from 'express';

export interface WiseRateLimit {
  perSecond: number;
  perMinute: number;
  /** Wise sends `Retry-After` only sometimes; without this, the 429 carries none. */
  retryAfterSeconds?: number;
  /** Answer the 429 with a JSON body (the spec declares `application/json`, an object without properties) instead of an empty one. */
  jsonBody?: boolean;
}

/** A body in Wise's `errors[]` shape: the spec names no fields for the 429's, so this one is a guess. */
const RATE_LIMITED_BODY = { errors: [{ code: 'TOO_MANY_REQUESTS', message: 'Too many requests' }] };

/** Wise's documented defaults. */
export const DOCUMENTED_RATE_LIMIT: WiseRateLimit = { perSecond: 100, perMinute: 1000 };

/** The requests of the last `windowMs`, so that a limit holds across any window, not only aligned ones. */
class SlidingWindow {
  private readonly times: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  full(now: number): boolean {
    while (this.times[0] !== undefined && this.times[0] <= now - this.windowMs) this.times.shift();
    return this.times.length >= this.limit;
  }

  record(now: number): void {
    this.times.push(now);
  }
}

/**
 * NOTE: Wise's 429 carries `X-Rate-Limited-By` and sometimes `Retry-After` (seconds). Its body was
 * observed EMPTY (docs/providers/wise.md), while the spec (wise-users.openapi.yaml `components/responses/429`)
 * declares `application/json` with `{type: object}`: the simulator serves either.
 */
export function rateLimiter(limit: WiseRateLimit): RequestHandler {
  const windows = [new SlidingWindow(limit.perSecond, 1000), new SlidingWindow(limit.perMinute, 60_000)];
  return (_req, res, next) => {
    const now = Date.now();
    if (!windows.some((window) => window.full(now))) {
      windows.forEach((window) => window.record(now));
      next();
      return;
    }
    res.setHeader('X-Rate-Limited-By', 'wise-public-api');
    if (limit.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(limit.retryAfterSeconds));
    return limit.jsonBody ? res.status(429).json(RATE_LIMITED_BODY) : res.status(429).end();
  };
}
