import { GatewayError, type ErrorCode } from '../errors';
import type { UpstreamResponse } from '../upstream/client';
import { readStandardRateLimit, type RateLimitReader } from '../upstream/rate-limit';
import { answerSummary } from '../upstream/request-id';

/** What the gateway tells a client a provider's failure means: a stable code and a detail of the gateway's own words. */
export interface MappedError {
  code: ErrorCode;
  detail: string;
}

/**
 * How one provider's failures read, as data: the default table below covers what HTTP statuses
 * mean everywhere; a provider lists only where it differs (`byStatus`), what its own error codes
 * say beyond the status (`byCode`), and how its field names read as canonical fields.
 */
export interface ProviderErrorTable {
  /** The provider as clients read it in details: `Acme Pay`. */
  provider: string;
  /** Statuses the provider uses differently from the default table. */
  byStatus?: Readonly<Partial<Record<number, MappedError>>>;
  /** The provider's own error codes that say more than the status (`email_already_assigned`). */
  byCode?: Readonly<Record<string, MappedError>>;
  /** The provider's field names as canonical field paths (`postal_code` → `address.postalCode`); others keep the provider's name. */
  fields?: Readonly<Record<string, string>>;
  /** Reads the provider's rate-limit headers (for `Retry-After`); the standard spellings by default. */
  readRateLimit?: RateLimitReader;
}

/** What an adapter read from a failed answer: never the provider's text, only what is safe to pass on. */
export interface ProviderFailure {
  /** The provider's error code, when its body has one: `providerError.code`, and the key of `byCode`. */
  code?: string;
  /** The provider's names of the fields it refused; they become `invalidFields` in canonical names. */
  invalidFields?: readonly string[];
}

/** What an HTTP status means when a provider says nothing more (DESIGN §3, §8: a refused credential is the gateway's problem). */
export function defaultMeaning(status: number, provider: string): MappedError {
  switch (status) {
    case 400:
      return { code: 'invalid_request', detail: `${provider} rejected the request as invalid.` };
    case 401:
      return { code: 'provider_error', detail: `${provider} rejected this connection's credentials.` };
    case 403:
      return { code: 'forbidden', detail: `This ${provider} account may not access that resource.` };
    case 404:
      return { code: 'user_not_found', detail: `${provider} has no such user.` };
    case 409:
      return { code: 'conflict', detail: `${provider} refused: the request conflicts with existing data.` };
    case 422:
      return { code: 'invalid_request', detail: `${provider} rejected the user data.` };
    case 429:
      return { code: 'rate_limited', detail: `${provider} rate limit exceeded; try again later.` };
    case 502:
    case 503:
    case 504:
      return { code: 'provider_unavailable', detail: `${provider} is unavailable.` };
    default:
      return status < 500
        ? { code: 'invalid_request', detail: `${provider} rejected the request.` }
        : { code: 'provider_error', detail: `${provider} failed to handle the request.` };
  }
}

/** A field name or an error code is passed on only when it looks like one: never a value a provider put there. */
const FIELD_NAME = /^[\w.[\]-]{1,64}$/;
const ERROR_CODE = /^[\w.-]{1,64}$/;

/** The canonical names of the fields a provider refused, each once, in the order it named them. */
export function canonicalFieldNames(table: ProviderErrorTable, providerNames: readonly string[]): string[] {
  const safe = providerNames.filter((name) => FIELD_NAME.test(name));
  return [...new Set(safe.map((name) => ownValue(table.fields, name) ?? name))];
}

/**
 * The GatewayError a provider's non-2xx answer stands for: its code from the provider's own error
 * code, else from its status (the provider's overrides first, then the default table); the
 * provider's status and code as `providerError`; the refused fields in canonical names; and how
 * long to wait when the provider says so.
 */
export function providerError(table: ProviderErrorTable, response: UpstreamResponse, connection: string, failure: ProviderFailure = {}): GatewayError {
  const { status } = response;
  const code = failure.code !== undefined && ERROR_CODE.test(failure.code) ? failure.code : undefined;
  const mapped = ownValue(table.byCode, code) ?? table.byStatus?.[status] ?? defaultMeaning(status, table.provider);
  const invalidFields = canonicalFieldNames(table, failure.invalidFields ?? []).map((field) => ({ field, message: `rejected by ${table.provider}` }));
  const { retryAfterSeconds } = (table.readRateLimit ?? readStandardRateLimit)(response.headers, Date.now());
  return new GatewayError(mapped.code, mapped.detail, {
    origin: 'provider',
    connection,
    providerError: answerSummary(response, code),
    ...(invalidFields.length > 0 && { extensions: { invalidFields } }),
    ...(retryAfterSeconds !== undefined && { retryAfter: retryAfterSeconds }),
  });
}

/** `record[key]` when the record itself has that key: a provider's `constructor` is no entry of a table. */
function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string | undefined): T | undefined {
  return record !== undefined && key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The body of a failed answer as JSON, or undefined when it is not JSON: an error body is read for hints, never required. */
export function errorBodyOf(response: UpstreamResponse): unknown {
  try {
    return response.json();
  } catch {
    return undefined;
  }
}
