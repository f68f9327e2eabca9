import type { FieldSources } from '../../src/canonical/provenance';

/** Where each canonical field comes from in a Stripe customer (mapper.ts; docs/providers/stripe.md, "Field mapping"). */
export const stripeFieldSources: FieldSources = {
  email: { from: 'email' },
  phone: { from: 'phone', transform: 'free-form → E.164 with the connection’s defaultRegion' },
  'name.full': { from: 'individual_name', transform: 'else name ("full name or business name"); never split into given and family' },
  'address.line1': { from: 'address.line1' },
  'address.city': { from: 'address.city' },
  'address.postalCode': { from: 'address.postal_code' },
  'address.state': { from: 'address.state' },
  'address.country': { from: 'address.country', transform: 'upper case' },
  status: { from: 'deleted', transform: 'true → deleted; a live customer has no status' },
  locale: { from: 'preferred_locales[0]', transform: 'lower-case BCP 47' },
  createdAt: { from: 'created', transform: 'unix seconds → RFC 3339 Z' },
};
