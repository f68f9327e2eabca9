import { randomBytes } from 'node:crypto';
import type { CallContext } from '../../src/upstream/client';
import type { Authorizer } from '../../src/upstream/request';

/**
 * Wise authentication: every API call carries `Authorization: Bearer <token>`, and the token
 * endpoint takes the client id and secret as HTTP Basic credentials.
 * https://docs.wise.com/guides/developer/auth-and-security
 */
export interface BearerToken {
  /** The token to send now. */
  current(context: CallContext): Promise<string>;
  /** The token to retry with once after Wise answered 401 to `rejected`; undefined when there is none. */
  replace(rejected: string, context: CallContext): Promise<string | undefined>;
}

/** A token the gateway cannot renew (a configured personal or user token). */
export function fixedToken(token: string): BearerToken {
  return { current: () => Promise.resolve(token), replace: () => Promise.resolve(undefined) };
}

export function bearerAuthorizer(token: string): Authorizer {
  return () => ({ authorization: `Bearer ${token}` });
}

export function basicAuthorizer(clientId: string, clientSecret: string): Authorizer {
  const encoded = Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64');
  return () => ({ authorization: `Basic ${encoded}` });
}

/** When to renew a token that lives `expiresInSeconds`: a tenth of its life early, at most a minute early. */
export function renewalTime(expiresInSeconds: number, now = Date.now()): number {
  const lifetimeMs = expiresInSeconds * 1000;
  return now + lifetimeMs - Math.min(60_000, lifetimeMs / 10);
}

/** 256 random bits, URL-safe: 43 characters (Wise asks for at least 32). */
export function newRegistrationCode(): string {
  return randomBytes(32).toString('base64url');
}
