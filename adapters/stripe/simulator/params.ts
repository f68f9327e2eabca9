import type { StripeAddress, StripeCustomer } from '../types';
import { invalidRequest, type StripeFailure } from './errors';

/**
 * The create and update parameters (docs/providers/stripe-customers.openapi.json, the
 * `application/x-www-form-urlencoded` bodies of `POST /v1/customers` and `POST /v1/customers/{customer}`),
 * as express's extended parser (qs) nests them. `''` unsets a field. The parameters below are the
 * ones the simulator keeps; Stripe's others (payment sources, tax, invoice settings, …) are
 * refused as not modelled, never silently ignored, and any other name as unknown, as Stripe does.
 */
const MODELLED = [
  'address',
  'balance',
  'business_name',
  'description',
  'email',
  'expand',
  'individual_name',
  'invoice_prefix',
  'metadata',
  'name',
  'phone',
  'preferred_locales',
  'tax_exempt',
];
const NOT_MODELLED = [
  'bank_account',
  'card',
  'cash_balance',
  'coupon',
  'default_alipay_account',
  'default_bank_account',
  'default_card',
  'default_source',
  'invoice_settings',
  'next_invoice_sequence',
  'payment_method',
  'promotion_code',
  'shipping',
  'source',
  'tax',
  'tax_id_data',
  'test_clock',
  'validate',
];
const ADDRESS_PARTS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;
/** Write limits of the spec (its read limits are 5000). */
const MAX_LENGTH: Readonly<Record<string, number>> = { email: 512, name: 256, phone: 20, description: 5000, business_name: 150, individual_name: 150 };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Params = Record<string, unknown>;
export type Checked = { changes: Partial<StripeCustomer> } | { failure: StripeFailure };

/** The changes a create or update body makes to a customer (`current` for an update), or Stripe's refusal. */
export function customerChanges(body: unknown, current?: StripeCustomer): Checked {
  const params: Params = body && typeof body === 'object' ? (body as Params) : {};
  for (const name of Object.keys(params)) {
    if (NOT_MODELLED.includes(name)) return { failure: invalidRequest(`The simulator does not model ${name}.`, name) };
    if (!MODELLED.includes(name)) return { failure: invalidRequest(`Received unknown parameter: ${name}`, name, 'parameter_unknown') };
  }
  const changes: Partial<StripeCustomer> = {};
  for (const name of ['email', 'name', 'phone', 'description', 'invoice_prefix', 'business_name', 'individual_name'] as const) {
    if (!(name in params)) continue;
    const value = params[name];
    if (typeof value !== 'string') return { failure: invalidRequest(`Invalid string: ${name}`, name, 'parameter_invalid_string') };
    const max = MAX_LENGTH[name];
    if (max !== undefined && value.length > max)
      return { failure: invalidRequest(`Invalid string: must be at most ${max} characters`, name, 'string_too_long') };
    if (name === 'email' && value !== '' && !EMAIL.test(value)) return { failure: invalidRequest(`Invalid email address: ${value}`, name, 'email_invalid') };
    // `''` unsets: a nullable field becomes null, the newer optional names go away.
    if (name === 'business_name' || name === 'individual_name') changes[name] = value === '' ? undefined : value;
    else changes[name] = value === '' ? null : value;
  }
  if ('tax_exempt' in params) {
    const value = params.tax_exempt;
    if (value !== '' && value !== 'none' && value !== 'exempt' && value !== 'reverse') return { failure: invalidRequest('Invalid tax_exempt', 'tax_exempt') };
    changes.tax_exempt = value === '' ? 'none' : value;
  }
  if ('balance' in params) {
    const balance = Number(params.balance);
    if (!Number.isInteger(balance)) return { failure: invalidRequest('Invalid integer: balance', 'balance', 'parameter_invalid_integer') };
    changes.balance = balance;
  }
  return withListsAndObjects(params, changes, current);
}

function withListsAndObjects(params: Params, changes: Partial<StripeCustomer>, current: StripeCustomer | undefined): Checked {
  if ('address' in params) {
    const address = toAddress(params.address);
    if (address === undefined) return { failure: invalidRequest('Invalid object', 'address') };
    changes.address = address;
  }
  if ('preferred_locales' in params) {
    const locales = params.preferred_locales;
    const list = locales === '' ? [] : Array.isArray(locales) ? locales : undefined;
    if (!list?.every((locale) => typeof locale === 'string' && locale.length > 0)) return { failure: invalidRequest('Invalid array', 'preferred_locales') };
    changes.preferred_locales = list as string[];
  }
  if ('metadata' in params) {
    const metadata = mergedMetadata(params.metadata, current?.metadata ?? {});
    if ('failure' in metadata) return metadata;
    changes.metadata = metadata.merged;
  }
  return { changes };
}

/**
 * NOTE: an address is replaced whole, not merged: parts not sent become null ("except when updating
 * subresources, where all fields must be specified", Stripe on stripe/stripe-python#255; stripe/stripe-go#179).
 */
function toAddress(value: unknown): StripeAddress | null | undefined {
  if (value === '') return null;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const given = new Map(Object.entries(value));
  if ([...given.keys()].some((part) => !(ADDRESS_PARTS as readonly string[]).includes(part))) return undefined;
  if ([...given.values()].some((part) => typeof part !== 'string' || part.length > 5000)) return undefined;
  // An empty part is an unset one.
  return Object.fromEntries(ADDRESS_PARTS.map((part) => [part, given.get(part) === '' ? null : (given.get(part) ?? null)]));
}

/**
 * "Individual keys can be unset by posting an empty value to them. All keys can be unset by posting
 * an empty value to metadata." Up to 50 keys of up to 40 characters without brackets, values up to 500.
 */
function mergedMetadata(value: unknown, current: Record<string, string>): { merged: Record<string, string> } | { failure: StripeFailure } {
  if (value === '') return { merged: {} };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { failure: invalidRequest('Invalid object', 'metadata') };
  const merged = new Map(Object.entries(current));
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner !== 'string' || key.length > 40 || /[[\]]/.test(key) || inner.length > 500) {
      return { failure: invalidRequest('Invalid metadata: keys up to 40 characters without brackets, string values up to 500', `metadata[${key}]`) };
    }
    if (inner === '') merged.delete(key);
    else merged.set(key, inner);
  }
  if (merged.size > 50) return { failure: invalidRequest('Invalid metadata: at most 50 keys', 'metadata') };
  return { merged: Object.fromEntries(merged) };
}
