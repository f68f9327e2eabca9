import { randomBytes } from 'node:crypto';

/**
 * Wise authentication: every API call carries `Authorization: Bearer <token>`, and the token
 * endpoint takes the client id and secret as HTTP Basic credentials with a form body: the
 * provider kit's `basic-form` style (src/provider-kit/client-credentials.ts).
 * https://docs.wise.com/guides/developer/auth-and-security
 */
export const WISE_TOKEN_REQUEST = { kind: 'basic-form', path: '/oauth/token' } as const;

/** 256 random bits, URL-safe: 43 characters (Wise asks for at least 32). */
export function newRegistrationCode(): string {
  return randomBytes(32).toString('base64url');
}
