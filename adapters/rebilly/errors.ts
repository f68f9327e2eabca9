import type { GatewayError } from '../../src/errors';
import { errorBodyOf, providerError, type ProviderErrorTable } from '../../src/provider-kit/errors';
import type { UpstreamResponse } from '../../src/upstream/client';
import { readRebillyRateLimit } from './rate-limit';
import { rebillyLegacyErrorSchema, rebillyProblemSchema } from './schema';

/**
 * How Rebilly's failures read: by status, the same in problem details and in older bodies. Rebilly's
 * `title`, `detail`, `error` and field messages are never passed on: they may repeat the data sent.
 */
const REBILLY_ERRORS: ProviderErrorTable = {
  provider: 'Rebilly',
  byStatus: {
    403: { code: 'forbidden', detail: 'This Rebilly key may not access that resource (permissions or organization).' },
    409: { code: 'conflict', detail: 'Rebilly refused: the request conflicts with the current state.' },
  },
  // Rebilly's field names as the canonical fields a client wrote.
  fields: {
    firstName: 'name.given',
    lastName: 'name.family',
    mobilePhone: 'phone',
    businessPhone: 'phone',
    country: 'address.country',
    'preferences.language': 'locale',
    'preferences.timezone': 'timezone',
  },
  readRateLimit: readRebillyRateLimit,
};

/** The error a non-2xx Rebilly response stands for, with the fields a 422 names. */
export function rebillyError(response: UpstreamResponse, connection: string): GatewayError {
  return providerError(REBILLY_ERRORS, response, connection, { invalidFields: invalidFieldNames(errorBodyOf(response)) });
}

/** The fields a problem's `invalidFields` list names, or the older form's map. */
function invalidFieldNames(body: unknown): string[] {
  if (body === undefined) return [];
  const problem = rebillyProblemSchema.validate(body, { allowUnknown: true });
  if (!problem.error && problem.value.invalidFields) return problem.value.invalidFields.map((invalid) => invalid.field);
  const legacy = rebillyLegacyErrorSchema.validate(body, { allowUnknown: true });
  if (!legacy.error && legacy.value.invalidFields) return Object.keys(legacy.value.invalidFields);
  return [];
}
