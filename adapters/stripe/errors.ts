import type { GatewayError } from '../../src/errors';
import { errorBodyOf, providerError, type ProviderErrorTable } from '../../src/provider-kit/errors';
import type { UpstreamResponse } from '../../src/upstream/client';
import { stripeErrorSchema } from './schema';

/**
 * How Stripe's failures read (docs/providers/stripe.md, "Errors and limits"): the status decides,
 * as it does for the official SDK, except where Stripe's own code says more. Stripe's `message`
 * is never passed on: it repeats values (`Invalid email address: …`, `No such customer: '…'`).
 */
const STRIPE_ERRORS: ProviderErrorTable = {
  provider: 'Stripe',
  byStatus: {
    // NOTE: a 404 without `resource_missing` is a route Stripe does not have: the connection's baseUrl is wrong.
    404: { code: 'provider_error', detail: "Stripe has no such endpoint (check the connection's baseUrl)." },
    // NOTE: Stripe's 409 is another request with the same idempotency key still running.
    409: { code: 'conflict', detail: 'Stripe is still handling another request with the same Idempotency-Key.' },
  },
  byCode: {
    resource_missing: { code: 'user_not_found', detail: 'Stripe has no such customer.' },
    // NOTE: the SDK treats a 400 with this code as a rate limit, as Stripe means it.
    rate_limit: { code: 'rate_limited', detail: 'Stripe rate limit exceeded; try again later.' },
    idempotency_error: { code: 'conflict', detail: 'The Idempotency-Key was used with other parameters at Stripe.' },
    idempotency_key_in_use: { code: 'conflict', detail: 'Stripe is still handling another request with the same Idempotency-Key.' },
  },
  fields: {
    name: 'name.full',
    'address[line1]': 'address.line1',
    'address[city]': 'address.city',
    'address[postal_code]': 'address.postalCode',
    'address[state]': 'address.state',
    'address[country]': 'address.country',
    preferred_locales: 'locale',
    metadata: 'options.metadata',
    description: 'options.description',
  },
};

/** The error a non-2xx Stripe answer stands for, with what its body says safely (its code, the parameter at fault). */
export function stripeError(response: UpstreamResponse, connection: string): GatewayError {
  const body = stripeErrorSchema.validate(errorBodyOf(response), { allowUnknown: true });
  if (body.error) return providerError(STRIPE_ERRORS, response, connection);
  const { type, code, param } = body.value.error;
  return providerError(STRIPE_ERRORS, response, connection, {
    code: code ?? (type === 'idempotency_error' ? type : undefined),
    invalidFields: param === undefined || response.status === 404 ? [] : [param],
  });
}

/** Stripe's id of each request, on every answer (docs/providers/stripe-notes.md §3.3, https://docs.stripe.com/api/request_ids). */
export const STRIPE_REQUEST_ID_HEADER = 'request-id';
