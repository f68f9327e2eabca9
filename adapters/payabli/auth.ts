import Joi from 'joi';
import { GatewayError } from '../../src/errors';
import { sendWithBearer } from '../../src/provider-kit/bearer';
import { ClientCredentialsToken, type TokenRequestStyle } from '../../src/provider-kit/client-credentials';
import type { CallContext, UpstreamClient, UpstreamResponse } from '../../src/upstream/client';
import type { UpstreamRequest } from '../../src/upstream/request';
import { answerSummary } from '../../src/upstream/request-id';
import { payabliError } from './errors';
import type { PayabliAccessToken, PayabliConnectionCredentials } from './types';

/**
 * Payabli authenticates a call in one of two ways
 * (https://docs.payabli.com/developers/api-reference/user/get-user-in-an-organization, "Authorizations"):
 * - `requestToken: <token>`, an application token (Payabli refuses organization tokens for user management);
 * - `Authorization: Bearer <access_token>`, a token bought with an OAuth client's id and secret.
 * NOTE: the bearer form is the SDKs' "server-side token": C# sdk 1.0.9 (`ac114cf`) added
 * `Token/TokenClient.cs` (`POST v2/Token/serverside`, JSON `{clientId, clientSecret}`), 1.0.11 (`49112b3`)
 * `Core/OAuthTokenProvider.cs`; node sdk 1.0.4 `src/auth/OAuthAuthProvider.ts`. User endpoints declare
 * `security: [{BearerAuth}, {APIKeyAuth}]`, and C#'s own GetUser mock expects `Authorization` without `requestToken`.
 */
export const PAYABLI_TOKEN_REQUEST: TokenRequestStyle = { kind: 'json-body', path: '/v2/Token/serverside', idField: 'clientId', secretField: 'clientSecret' };

export function requestTokenHeaders(requestToken: string): Record<string, string> {
  return { requestToken };
}

/** `PayabliAccessTokenResponse`: `token_type`, `access_token`, `expires_in` (seconds), `state` echoed. */
export const payabliAccessTokenSchema = Joi.object<PayabliAccessToken>({
  token_type: Joi.string(),
  access_token: Joi.string().required(),
  expires_in: Joi.number().positive().required(),
  state: Joi.string().allow(null),
});

/** Sends a request with the connection's credentials, whichever form they take. */
export type PayabliSender = (request: UpstreamRequest, context: CallContext) => Promise<UpstreamResponse>;

export function payabliSender(http: UpstreamClient, credentials: PayabliConnectionCredentials): PayabliSender {
  if (credentials.requestToken !== undefined) {
    const headers = requestTokenHeaders(credentials.requestToken);
    return (request, context) => http.send({ ...request, headers: { ...request.headers, ...headers } }, context);
  }
  const token = new ClientCredentialsToken({
    http,
    credentials,
    style: PAYABLI_TOKEN_REQUEST,
    toError: (response) => tokenRefused(response, http.connection),
    schema: payabliAccessTokenSchema,
  });
  return (request, context) => sendWithBearer(http, request, token, context);
}

/**
 * NOTE: the token endpoint documents only a 400 (the SDKs' BadRequestError, body unknown): a refusal
 * of the connection's own client id and secret is the gateway's problem, never the client's.
 */
function tokenRefused(response: UpstreamResponse, connection: string): GatewayError {
  if (response.status === 429 || response.status >= 500) return payabliError(response, connection);
  return new GatewayError('provider_error', "Payabli refused this connection's client id and secret.", {
    origin: 'provider',
    connection,
    providerError: answerSummary(response),
  });
}
