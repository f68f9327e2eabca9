/** A provider's rate-limit state, whatever its headers call it. */
export interface UpstreamRateLimit {
  limit?: number;
  remaining?: number;
  /** When the window resets, unix seconds. */
  resetAt?: number;
  /** How long the provider asks callers to wait, in seconds. */
  retryAfterSeconds?: number;
}

type Headers = Record<string, string | undefined>;
export type RateLimitReader = (headers: Headers, nowMs: number) => UpstreamRateLimit;

const number = (value: string | undefined) => {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
};

/** `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in seconds from now. */
export function retryAfterSeconds(value: string | undefined, nowMs: number): number | undefined {
  const seconds = number(value);
  if (seconds !== undefined) return Math.max(0, seconds);
  const date = value ? Date.parse(value) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/**
 * The common spellings: `Retry-After`, `X-RateLimit-Limit/-Remaining/-Reset` and the IETF draft's
 * `RateLimit-Limit/-Remaining/-Reset` (reset as seconds from now when small, else a unix time).
 * Adapters whose provider says it differently give their own reader.
 */
export const readStandardRateLimit: RateLimitReader = (headers, nowMs) => {
  const reset = number(headers['x-ratelimit-reset'] ?? headers['ratelimit-reset']);
  const state: UpstreamRateLimit = {
    limit: number(headers['x-ratelimit-limit'] ?? headers['ratelimit-limit']),
    remaining: number(headers['x-ratelimit-remaining'] ?? headers['ratelimit-remaining']),
    resetAt: reset === undefined ? undefined : reset < 1e9 ? Math.floor(nowMs / 1000) + reset : reset,
    retryAfterSeconds: retryAfterSeconds(headers['retry-after'], nowMs),
  };
  return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined));
};
