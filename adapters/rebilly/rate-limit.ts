import { readStandardRateLimit, type RateLimitReader } from '../../src/upstream/rate-limit';

/**
 * NOTE: Rebilly's 429 says when the window resets in `X-RateLimit-Retry-After`, as a UTC unix
 * timestamp rather than delta-seconds ("Rate limits" in the API introduction). It wins over the
 * standard `Retry-After`, which is read (with the other usual headers) when it is absent.
 */
export const readRebillyRateLimit: RateLimitReader = (headers, nowMs) => {
  const standard = readStandardRateLimit(headers, nowMs);
  const value = headers['x-ratelimit-retry-after']?.trim();
  if (!value || !/^\d+$/.test(value)) return standard;
  const resetAt = Number(value);
  return { ...standard, resetAt, retryAfterSeconds: Math.max(0, Math.ceil(resetAt - nowMs / 1000)) };
};
