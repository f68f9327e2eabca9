import { GatewayError } from '../../src/errors';
import { errorBodyOf, providerError, type ProviderErrorTable } from '../../src/provider-kit/errors';
import type { UpstreamResponse } from '../../src/upstream/client';
import { rateLimitedBy, readWiseRateLimit } from './rate-limit';
import { wiseAuthErrorSchema, wiseErrorsSchema, wiseServerErrorSchema } from './schema';

const NO_TOKEN_FOR_USER = "The gateway holds Wise user tokens only for users it created and for the connection's configured user token.";

/**
 * How Wise's failures read: by status, and by the code of whichever of its error shapes it sent. A
 * 401 is always about the gateway's own credentials, never the client's.
 */
const WISE_ERRORS: ProviderErrorTable = {
  provider: 'Wise',
  byStatus: {
    401: { code: 'provider_error', detail: 'Wise rejected the access token the gateway sent.' },
    403: { code: 'forbidden', detail: `The Wise token the gateway used may not access that user. ${NO_TOKEN_FOR_USER}` },
    409: { code: 'conflict', detail: 'Wise refused: the request conflicts with an existing resource.' },
  },
  byCode: {
    invalid_client: { code: 'provider_error', detail: "Wise rejected this connection's client id and secret." },
    invalid_grant: { code: 'provider_error', detail: 'Wise refused the registration code or refresh token.' },
    NOT_UNIQUE: { code: 'conflict', detail: 'That email already belongs to a Wise user.' },
  },
  readRateLimit: readWiseRateLimit,
};

/**
 * The error a non-2xx Wise response stands for. Wise answers in three shapes (`errors[]`,
 * `{error, error_description}`, and its framework's `{timestamp, status, error, ...}`) plus a 429
 * whose body is empty or JSON (the spec declares an object with no fields); only the status and a
 * code reach the client, never Wise's messages.
 */
export function wiseError(response: UpstreamResponse, connection: string): GatewayError {
  const code = response.status === 429 ? (rateLimitedBy(response.headers) ?? errorCode(response)) : errorCode(response);
  return providerError(WISE_ERRORS, response, connection, { code });
}

/** The code of whichever error shape Wise sent; the framework's 500 shape carries none. */
function errorCode(response: UpstreamResponse): string | undefined {
  const body = errorBodyOf(response);
  if (body === undefined) return undefined;
  if (!wiseServerErrorSchema.validate(body, { allowUnknown: true }).error) return undefined;
  const errors = wiseErrorsSchema.validate(body, { allowUnknown: true });
  if (!errors.error) return errors.value.errors[0]?.code;
  const auth = wiseAuthErrorSchema.validate(body, { allowUnknown: true });
  return auth.error ? undefined : auth.value.error;
}

/** A read the gateway cannot make: Wise shows a user only to that user's own token. */
export function noUserToken(userId: string): GatewayError {
  return new GatewayError('forbidden', `The gateway holds no usable Wise user token for user ${userId}. ${NO_TOKEN_FOR_USER}`);
}

/** Wise's id of each request, on every response (docs/providers/wise.md, Errors); `X-External-Correlation-Id` is only ours echoed. */
export const WISE_REQUEST_ID_HEADER = 'x-trace-id';
