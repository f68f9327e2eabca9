import { GatewayError, type ErrorCode } from '../../src/errors';
import type { UpstreamResponse } from '../../src/upstream/client';
import { rateLimitedBy, readWiseRateLimit } from './rate-limit';
import { wiseAuthErrorSchema, wiseErrorsSchema, wiseServerErrorSchema } from './schema';

interface MappedError {
  code: ErrorCode;
  detail: string;
}

const NO_TOKEN_FOR_USER = "The gateway holds Wise user tokens only for users it created and for the connection's configured user token.";

/** 401s: which of the gateway's own credentials Wise refused (always the gateway's problem, never the client's). */
const UNAUTHORIZED: Record<string, MappedError> = {
  invalid_client: { code: 'provider_error', detail: "Wise rejected this connection's client id and secret." },
  invalid_grant: { code: 'provider_error', detail: 'Wise refused the registration code or refresh token.' },
};

function mapError(status: number, providerCode: string | undefined): MappedError {
  if (status === 400) return { code: 'invalid_request', detail: 'Wise rejected the request as invalid.' };
  if (status === 401) {
    return UNAUTHORIZED[providerCode ?? ''] ?? { code: 'provider_error', detail: 'Wise rejected the access token the gateway sent.' };
  }
  if (status === 403) return { code: 'forbidden', detail: `The Wise token the gateway used may not access that user. ${NO_TOKEN_FOR_USER}` };
  if (status === 404) return { code: 'user_not_found', detail: 'Wise has no such user.' };
  if (status === 409 && providerCode === 'NOT_UNIQUE') return { code: 'conflict', detail: 'That email already belongs to a Wise user.' };
  if (status === 409) return { code: 'conflict', detail: 'Wise refused: the request conflicts with an existing resource.' };
  if (status === 429) return { code: 'rate_limited', detail: 'Wise rate limit exceeded; try again later.' };
  if (status === 502 || status === 503 || status === 504) return { code: 'provider_unavailable', detail: 'Wise is unavailable.' };
  if (status < 500) return { code: 'invalid_request', detail: 'Wise rejected the request.' };
  return { code: 'provider_error', detail: 'Wise failed to handle the request.' };
}

/**
 * The error a non-2xx Wise response stands for. Wise answers in three shapes (`errors[]`,
 * `{error, error_description}`, and its framework's `{timestamp, status, error, ...}`) plus a 429
 * whose body is empty or JSON (the spec declares an object with no fields); only the status and a
 * code reach the client, never Wise's messages.
 */
export function wiseError(response: UpstreamResponse, connection: string): GatewayError {
  const providerCode = response.status === 429 ? (rateLimitedBy(response.headers) ?? errorCode(response)) : errorCode(response);
  const mapped = mapError(response.status, providerCode);
  const { retryAfterSeconds } = readWiseRateLimit(response.headers, Date.now());
  return new GatewayError(mapped.code, mapped.detail, {
    origin: 'provider',
    connection,
    providerError: providerCode ? { status: response.status, code: providerCode } : { status: response.status },
    ...(retryAfterSeconds !== undefined && { retryAfter: retryAfterSeconds }),
  });
}

/** The code of whichever error shape Wise sent; the framework's 500 shape carries none. */
function errorCode(response: UpstreamResponse): string | undefined {
  let body: unknown;
  try {
    body = response.json();
  } catch {
    return undefined;
  }
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
