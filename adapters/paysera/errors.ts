import type { GatewayError, ProviderChallenge } from '../../src/errors';
import { errorBodyOf, providerError, type MappedError, type ProviderErrorTable } from '../../src/provider-kit/errors';
import type { UpstreamResponse } from '../../src/upstream/client';
import { payseraErrorSchema } from './schema';

export type { MappedError } from '../../src/provider-kit/errors';

/**
 * How Paysera's failures read: its error codes (docs/providers/paysera.md, "Errors") say more than
 * its statuses. The provider's `error_description` is never passed on: it may repeat the personal
 * data that caused it.
 */
const PAYSERA_ERRORS: ProviderErrorTable = {
  provider: 'Paysera',
  byStatus: {
    403: { code: 'forbidden', detail: 'This Paysera client may not access that resource (missing scope or permission).' },
    409: { code: 'conflict', detail: 'Paysera refused: the resource is not in a state that allows this.' },
  },
  byCode: {
    invalid_request: { code: 'invalid_request', detail: 'Paysera rejected the request as invalid.' },
    invalid_parameters: { code: 'invalid_request', detail: 'Paysera rejected the request parameters.' },
    unauthorized: { code: 'provider_error', detail: "Paysera rejected this connection's credentials." },
    invalid_timestamp: { code: 'provider_error', detail: "Paysera rejected the request's timestamp (clock skew)." },
    invalid_grant: { code: 'provider_error', detail: "Paysera rejected this connection's grant." },
    forbidden: { code: 'forbidden', detail: 'This Paysera client may not access that resource (missing scope or permission).' },
    not_found: { code: 'user_not_found', detail: 'Paysera has no such user.' },
    invalid_state: { code: 'conflict', detail: 'Paysera refused: the resource is not in a state that allows this.' },
    email_already_assigned: { code: 'conflict', detail: 'That email is already assigned to another Paysera user.' },
    phone_already_assigned: { code: 'conflict', detail: 'That phone number is already assigned to another Paysera user.' },
    person_code_already_assigned: { code: 'conflict', detail: 'That national id is already assigned to another Paysera user.' },
    card_already_assigned: { code: 'conflict', detail: 'That card is already assigned to another Paysera user.' },
    invalid_code: { code: 'invalid_request', detail: 'The confirmation code is wrong or expired.' },
    identity_required: { code: 'invalid_request', detail: 'Paysera needs the identity (person code) for this.' },
    invalid_identity: { code: 'invalid_request', detail: 'The identity given does not match the Paysera user.' },
    invalid_password: { code: 'invalid_request', detail: 'The password is wrong or does not meet Paysera rules.' },
    rate_limit_exceeded: { code: 'rate_limited', detail: 'Paysera rate limit exceeded; try again later.' },
  },
};

/**
 * NOTE: Paysera answers 404 both for an unknown user and for information it does not hold (a user
 * without a phone, a removed position), so a sub-resource's 404 is `not_found` with its own detail.
 */
export function notFoundAs(detail: string): MappedError {
  return { code: 'not_found', detail };
}

/** The error Paysera's non-2xx response stands for; `notFound` renames 404s for sub-resources. */
export function payseraError(response: UpstreamResponse, connection: string, notFound?: MappedError): GatewayError {
  const table = notFound
    ? { ...PAYSERA_ERRORS, byStatus: { ...PAYSERA_ERRORS.byStatus, 404: notFound }, byCode: { ...PAYSERA_ERRORS.byCode, not_found: notFound } }
    : PAYSERA_ERRORS;
  const body = payseraErrorSchema.validate(errorBodyOf(response) ?? {}, { allowUnknown: true });
  const error = providerError(table, response, connection, { code: body.error ? undefined : body.value.error });
  const challenge = response.status === 429 ? recaptchaChallenge(response.headers) : undefined;
  return challenge && error.providerError ? error.with({ providerError: { ...error.providerError, challenge } }) : error;
}

const SITE_KEY = /^[\w-]{1,200}$/;
const MAX_UNLOCK_URL_LENGTH = 2000;

/**
 * NOTE: a 429 may ask for a reCAPTCHA before Paysera serves this client again: `g-recaptcha-key` (the
 * site key) and `recaptcha-unlock-url` (where to pass it), as Paysera's own SDKs read them
 * (`swift-lib-wallet-sdk` Services/ReCAPTCHAHeader.swift, BaseApiClient.swift L178-185;
 * `java-lib-wallet-sdk` enums/RecaptchaHeader.java, BaseAsyncClient.java L142-148). Both are meant for
 * the human who unlocks it, so they are passed on; a site key that is no key, or a URL that is not
 * https, is left out.
 */
function recaptchaChallenge(headers: Record<string, string | undefined>): ProviderChallenge | undefined {
  const siteKey = headers['g-recaptcha-key']?.trim();
  const url = httpsUrl(headers['recaptcha-unlock-url']?.trim());
  if (!siteKey && !url) return undefined;
  return { kind: 'recaptcha', ...(siteKey && SITE_KEY.test(siteKey) && { siteKey }), ...(url && { url }) };
}

function httpsUrl(value: string | undefined): string | undefined {
  if (!value || value.length > MAX_UNLOCK_URL_LENGTH || !URL.canParse(value)) return undefined;
  return new URL(value).protocol === 'https:' ? value : undefined;
}

/** Paysera's id of each request, on every response (docs/providers/paysera.md, Errors). */
export const PAYSERA_REQUEST_ID_HEADER = 'paysera-correlation-id';
