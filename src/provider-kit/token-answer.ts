import Joi from 'joi';

/**
 * An OAuth 2.0 token answer (RFC 6749 §5.1) with the expiry timestamps some providers add
 * (`expires_at`, `refresh_token_expires_at`, `created_at`). No field but the token is required:
 * the expiry is read from `expires_at` or `expires_in`, whichever the provider sends.
 */
export interface TokenAnswer {
  access_token: string;
  token_type?: string;
  /** Seconds from now. */
  expires_in?: number;
  /** An RFC 3339 timestamp. */
  expires_at?: string;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  refresh_token_expires_at?: string;
  scope?: string;
  created_at?: string;
}

export const tokenAnswerSchema = Joi.object<TokenAnswer>({
  access_token: Joi.string().required(),
  token_type: Joi.string(),
  expires_in: Joi.number().positive(),
  expires_at: Joi.string(),
  refresh_token: Joi.string(),
  refresh_token_expires_in: Joi.number().positive(),
  refresh_token_expires_at: Joi.string(),
  scope: Joi.string(),
  created_at: Joi.string(),
});

/**
 * When the access token expires, in this machine's epoch ms; undefined when the answer says neither.
 * `expires_at` wins over `expires_in`. With `created_at` beside it, the token's lifetime is
 * `expires_at - created_at`, counted from `now`: both timestamps are the provider's clock, so a skew
 * between its clock and this machine's cancels out. Alone, `expires_at` is used when it is still ahead.
 */
export function accessTokenExpiry(answer: TokenAnswer, now = Date.now()): number | undefined {
  return expiry(answer.expires_at, answer.expires_in, answer.created_at, now);
}

/** When the refresh token expires, read as `accessTokenExpiry` reads the access token's. */
export function refreshTokenExpiry(answer: TokenAnswer, now = Date.now()): number | undefined {
  return expiry(answer.refresh_token_expires_at, answer.refresh_token_expires_in, answer.created_at, now);
}

function expiry(at: string | undefined, inSeconds: number | undefined, createdAt: string | undefined, now: number): number | undefined {
  const expiresAt = at === undefined ? NaN : Date.parse(at);
  const issuedAt = createdAt === undefined ? NaN : Date.parse(createdAt);
  if (expiresAt > issuedAt) return now + (expiresAt - issuedAt);
  if (expiresAt > now) return expiresAt;
  return inSeconds === undefined ? undefined : now + inSeconds * 1000;
}

/** When to renew a token that expires at `expiresAt`: a tenth of its remaining life early, at most a minute early. */
export function renewalTime(expiresAt: number, now = Date.now()): number {
  const lifetimeMs = Math.max(0, expiresAt - now);
  return now + lifetimeMs - Math.min(60_000, lifetimeMs / 10);
}
