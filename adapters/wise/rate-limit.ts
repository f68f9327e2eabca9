import { retryAfterSeconds, type RateLimitReader } from '../../src/upstream/rate-limit';

/**
 * NOTE: Wise's 429 has an empty body and only sometimes `Retry-After` (seconds); there are no
 * remaining/reset headers. `X-Rate-Limited-By` names the limiter that refused (`wise-public-api`).
 */
export const readWiseRateLimit: RateLimitReader = (headers, nowMs) => {
  const seconds = retryAfterSeconds(headers['retry-after'], nowMs);
  return seconds === undefined ? {} : { retryAfterSeconds: seconds };
};

/** The limiter's name when it looks like an identifier (it becomes `providerError.code`). */
export function rateLimitedBy(headers: Record<string, string | undefined>): string | undefined {
  const limiter = headers['x-rate-limited-by'];
  return limiter && /^[\w.-]{1,64}$/.test(limiter) ? limiter : undefined;
}
