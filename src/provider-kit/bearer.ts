import type { CallContext, UpstreamClient, UpstreamResponse } from '../upstream/client';
import type { Authorizer, UpstreamRequest } from '../upstream/request';

/** A bearer token an adapter sends, and how it gets another when the provider refuses it. */
export interface BearerToken {
  /** The token to send now. */
  current(context: CallContext): Promise<string>;
  /** The token to retry with once after the provider answered 401 to `rejected`; undefined when there is none. */
  replace(rejected: string, context: CallContext): Promise<string | undefined>;
}

/** A token the gateway cannot renew (one configured on the connection). */
export function fixedToken(token: string): BearerToken {
  return { current: () => Promise.resolve(token), replace: () => Promise.resolve(undefined) };
}

/** `Authorization: Bearer <token>` (RFC 6750). */
export function bearerAuthorizer(token: string): Authorizer {
  return () => ({ authorization: `Bearer ${token}` });
}

/** `Authorization: Basic <id:secret>` (RFC 7617), as OAuth 2.0 token endpoints take client credentials. */
export function basicAuthorizer(clientId: string, clientSecret: string): Authorizer {
  const encoded = Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64');
  return () => ({ authorization: `Basic ${encoded}` });
}

/**
 * Sends with the bearer token; when the provider answers 401 (the token expired early, was
 * revoked, or another gateway instance replaced it), sends once more with the replacement, if there
 * is one. A 401 means the provider did not act on the request, so repeating even a write is safe.
 * Any answer is returned as it came: the adapter maps errors.
 */
export async function sendWithBearer(http: UpstreamClient, request: UpstreamRequest, token: BearerToken, context: CallContext): Promise<UpstreamResponse> {
  const first = await token.current(context);
  const response = await http.send({ ...request, authorize: bearerAuthorizer(first) }, context);
  if (response.status !== 401) return response;
  const replacement = await token.replace(first, context);
  return replacement ? http.send({ ...request, authorize: bearerAuthorizer(replacement) }, context) : response;
}
