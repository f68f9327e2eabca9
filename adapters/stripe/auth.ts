import { bearerAuthorizer } from '../../src/provider-kit/bearer';
import type { UpstreamRequest } from '../../src/upstream/request';

/**
 * Stripe authenticates with the secret key as a bearer token, as the official SDK sends it
 * (docs/providers/stripe.md, "Hosts and auth"), and reads every request at the API version it names.
 * NOTE: the version is the one the official `stripe` SDK 23.2.0 pins (its `apiVersion.js`), so that
 * the gateway and the SDK see the same customer shape; every field the mapper reads is the same in
 * the spec's own version, 2023-08-16.
 */
export const STRIPE_API_VERSION = '2026-11-18.endive';

/** What every call carries: the key as a bearer token, the pinned version. */
export function stripeAuth(secretKey: string): Pick<UpstreamRequest, 'headers' | 'authorize'> {
  return { headers: { 'stripe-version': STRIPE_API_VERSION }, authorize: bearerAuthorizer(secretKey) };
}
