import { GatewayError, type ErrorCode } from '../../src/errors';
import type { UpstreamResponse } from '../../src/upstream/client';
import { readRebillyRateLimit } from './rate-limit';
import { rebillyLegacyErrorSchema, rebillyProblemSchema } from './schema';

interface MappedError {
  code: ErrorCode;
  detail: string;
}

/**
 * Rebilly's statuses (the same in problem-details and older bodies) to canonical codes. Rebilly's
 * `title`, `detail`, `error` and field messages are never passed on: they may repeat the data sent.
 */
const INVALID_REQUEST: MappedError = { code: 'invalid_request', detail: 'Rebilly rejected the request as invalid.' };
const BY_STATUS: Record<number, MappedError> = {
  400: INVALID_REQUEST,
  401: { code: 'provider_error', detail: "Rebilly rejected this connection's credentials." },
  403: { code: 'forbidden', detail: 'This Rebilly key may not access that resource (permissions or organization).' },
  404: { code: 'user_not_found', detail: 'Rebilly has no such user.' },
  409: { code: 'conflict', detail: 'Rebilly refused: the request conflicts with the current state.' },
  422: { code: 'invalid_request', detail: 'Rebilly rejected the user data.' },
  429: { code: 'rate_limited', detail: 'Rebilly rate limit exceeded; try again later.' },
};

function byStatus(status: number): MappedError {
  const known = BY_STATUS[status];
  if (known) return known;
  if (status === 502 || status === 503 || status === 504) return { code: 'provider_unavailable', detail: 'Rebilly is unavailable.' };
  if (status >= 400 && status < 500) return INVALID_REQUEST;
  return { code: 'provider_error', detail: 'Rebilly failed to handle the request.' };
}

/** Rebilly field names as the canonical fields a client wrote; others keep Rebilly's name. */
const CANONICAL_FIELDS: Record<string, string> = {
  email: 'email',
  firstName: 'name.given',
  lastName: 'name.family',
  mobilePhone: 'phone',
  businessPhone: 'phone',
  country: 'address.country',
  'preferences.language': 'locale',
  'preferences.timezone': 'timezone',
};
const FIELD_NAME = /^[\w.[\]-]{1,64}$/;

/** The error a non-2xx Rebilly response stands for, with the fields a 422 names. */
export function rebillyError(response: UpstreamResponse, connection: string, nowMs = Date.now()): GatewayError {
  const { code, detail } = byStatus(response.status);
  const invalidFields = invalidFieldsOf(response).map((field) => ({ field, message: 'rejected by Rebilly' }));
  const { retryAfterSeconds } = readRebillyRateLimit(response.headers, nowMs);
  return new GatewayError(code, detail, {
    origin: 'provider',
    connection,
    providerError: { status: response.status },
    ...(invalidFields.length > 0 && { extensions: { invalidFields } }),
    ...(retryAfterSeconds !== undefined && { retryAfter: retryAfterSeconds }),
  });
}

/** The canonical names of the fields a problem's `invalidFields` list or the older form's map names. */
function invalidFieldsOf(response: UpstreamResponse): string[] {
  const names = invalidFieldNames(jsonOrUndefined(response));
  return [...new Set(names.filter((name) => FIELD_NAME.test(name)).map((name) => CANONICAL_FIELDS[name] ?? name))];
}

function invalidFieldNames(body: unknown): string[] {
  if (body === undefined) return [];
  const problem = rebillyProblemSchema.validate(body, { allowUnknown: true });
  if (!problem.error && problem.value.invalidFields) return problem.value.invalidFields.map((invalid) => invalid.field);
  const legacy = rebillyLegacyErrorSchema.validate(body, { allowUnknown: true });
  if (!legacy.error && legacy.value.invalidFields) return Object.keys(legacy.value.invalidFields);
  return [];
}

function jsonOrUndefined(response: UpstreamResponse): unknown {
  try {
    return response.json();
  } catch {
    return undefined;
  }
}
