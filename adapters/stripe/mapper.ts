import type { CountryCode } from 'libphonenumber-js';
import type { UserDraft, UserPatch } from '../../src/canonical/input';
import { blankUserFields, type Address, type ProviderUserFields } from '../../src/canonical/user';
import type { MappingContext } from '../../src/connections/adapter';
import { countryCode, e164, fromUnixSeconds, languageTag, orNull, personName } from '../../src/provider-kit/normalise';
import { assertWritable, refuseFields, singleName } from '../../src/provider-kit/writable';
import type { StripeAddress, StripeCreateOptions, StripeCustomer, StripeCustomerParams, StripeDeletedCustomer } from './types';

/** Pure: a Stripe customer (validated against its schema), or a deleted one, as canonical fields. */
export function toCanonicalUser(raw: StripeCustomer | StripeDeletedCustomer, context: MappingContext, defaultRegion?: CountryCode): ProviderUserFields {
  const user = blankUserFields(raw.id);
  // NOTE: Stripe answers a deleted customer with its id and `deleted: true` only, and keeps answering so.
  if ('deleted' in raw) {
    user.status = 'deleted';
    return user;
  }
  user.email = orNull(raw.email);
  user.phone = e164(raw.phone, 'phone', context, { defaultRegion });
  // NOTE: one name ("full name or business name"); given and family are never guessed from it.
  user.name = personName(null, null, orNull(raw.individual_name) ?? raw.name);
  user.address = toAddress(raw.address, context);
  user.locale = languageTag(raw.preferred_locales?.[0], 'preferred_locales', context);
  user.createdAt = fromUnixSeconds(raw.created, 'created', context);
  user.extensions = {
    livemode: raw.livemode,
    delinquent: raw.delinquent ?? null,
    balance: raw.balance ?? null,
    currency: orNull(raw.currency),
    taxExempt: orNull(raw.tax_exempt),
    description: orNull(raw.description),
    metadata: raw.metadata ?? {},
    preferredLocales: raw.preferred_locales ?? [],
    invoicePrefix: orNull(raw.invoice_prefix),
    businessName: orNull(raw.business_name),
    customerAccount: orNull(raw.customer_account),
    addressLine2: orNull(raw.address?.line2),
  };
  return user;
}

function toAddress(address: StripeAddress | null | undefined, context: MappingContext): Address | null {
  if (!address) return null;
  const mapped: Address = {
    line1: orNull(address.line1),
    city: orNull(address.city),
    postalCode: orNull(address.postal_code),
    state: orNull(address.state),
    country: countryCode(address.country, 'address.country', context),
  };
  return Object.values(mapped).some((value) => value !== null) ? mapped : null;
}

// Writing.

/** Canonical fields a Stripe customer stores; any other is refused, never dropped. */
const WRITABLE = ['email', 'phone', 'name', 'address', 'locale'];

/** The canonical address parts as Stripe's (`address[postal_code]`). */
const ADDRESS_PARAMS = { line1: 'line1', city: 'city', postalCode: 'postal_code', state: 'state', country: 'country' } as const;

/** `POST /v1/customers`'s parameters for a canonical draft. */
export function toStripeNewCustomer(draft: UserDraft, password: string | undefined, options: StripeCreateOptions): StripeCustomerParams {
  assertWritable(draft, WRITABLE, 'Stripe');
  if (password !== undefined) refuseFields([{ field: 'password', message: 'Stripe customers have no password' }], 'Stripe customers have no password.');
  return withoutUndefined({
    email: draft.email,
    name: draft.name ? (singleName(draft.name, 'Stripe') ?? undefined) : undefined,
    phone: draft.phone,
    address: draft.address && toStripeAddress(draft.address),
    preferred_locales: draft.locale === undefined ? undefined : [draft.locale],
    metadata: options.metadata,
    description: options.description,
  });
}

/**
 * `POST /v1/customers/{id}`'s parameters for a merge patch. NOTE: Stripe leaves unsent parameters
 * unchanged and unsets those sent empty, so a removal (`null`) is sent as `''`. But an address is
 * replaced whole (parts not sent become null: "except when updating subresources, where all fields
 * must be specified", Stripe on stripe/stripe-python#255), so a patch of some parts is merged into
 * the customer's `current` address, `line2` included, and sent whole.
 */
export function toStripeUpdate(patch: UserPatch, current?: StripeAddress | null): StripeCustomerParams {
  assertWritable(patch, WRITABLE, 'Stripe');
  const name = patch.name === null ? '' : patch.name && (singleName(patch.name, 'Stripe', true) ?? '');
  return withoutUndefined({
    email: patch.email === null ? '' : patch.email,
    name,
    phone: patch.phone === null ? '' : patch.phone,
    address: patch.address === null ? '' : patch.address && mergedAddress(current, toStripeAddress(patch.address)),
    preferred_locales: patch.locale === null ? '' : patch.locale === undefined ? undefined : [patch.locale],
  });
}

/** The address parts a draft or patch sets, as Stripe's; a removed part (`null`) is sent empty, which unsets it. */
function toStripeAddress(address: Partial<Record<keyof typeof ADDRESS_PARAMS, string | null>>): Partial<Record<keyof StripeAddress, string>> {
  const parts = Object.entries(ADDRESS_PARAMS).flatMap(([canonical, param]) => {
    const value = address[canonical as keyof typeof ADDRESS_PARAMS];
    return value === undefined ? [] : [[param, value ?? '']];
  });
  return Object.fromEntries(parts) as Partial<Record<keyof StripeAddress, string>>;
}

/** The current address with the patched parts over it; parts that end up empty are left out (an address of nothing unsets it). */
function mergedAddress(current: StripeAddress | null | undefined, patched: Partial<Record<keyof StripeAddress, string>>): StripeCustomerParams['address'] {
  const merged = { ...current, ...patched };
  const parts = Object.entries(merged).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
  return parts.length ? Object.fromEntries(parts) : '';
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}
