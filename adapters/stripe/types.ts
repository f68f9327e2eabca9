import type { CountryCode } from 'libphonenumber-js';

/**
 * Stripe's own shapes, as its published customers spec describes them (docs/providers/stripe-customers.openapi.json,
 * `#/components/schemas/customer`, with the fields the official `stripe` SDK 23.2.0 adds for the pinned
 * version: docs/providers/stripe.md, "The real spec"). Nullable fields are null when unset; the
 * expandable lists (`sources`, `subscriptions`, `tax_ids`) are absent unless expanded.
 */
export interface StripeAddress {
  city?: string | null;
  country?: string | null;
  line1?: string | null;
  line2?: string | null;
  postal_code?: string | null;
  state?: string | null;
}

/** `customer`: a Stripe Customer is the user. */
export interface StripeCustomer {
  id: string;
  object: 'customer';
  /** Unix seconds. */
  created: number;
  livemode: boolean;
  address?: StripeAddress | null;
  /** Minor units of `currency`. */
  balance?: number;
  currency?: string | null;
  delinquent?: boolean | null;
  description?: string | null;
  email?: string | null;
  invoice_prefix?: string | null;
  /** String values (up to 50 keys). */
  metadata?: Record<string, string>;
  /** "The customer's full name or business name." */
  name?: string | null;
  /** Free-form, as the merchant typed it. */
  phone?: string | null;
  preferred_locales?: string[] | null;
  tax_exempt?: string | null;
  /** Newer versions (SDK 23.2.0): the name of a customer who is an individual or a business. */
  individual_name?: string;
  business_name?: string;
  customer_account?: string | null;
}

/** What Stripe answers for a deleted customer, to a retrieve and to the delete itself. */
export interface StripeDeletedCustomer {
  id: string;
  object: 'customer';
  deleted: true;
}

/** `GET /v1/customers`. */
export interface StripeCustomerList {
  object: 'list';
  url: string;
  has_more: boolean;
  data: StripeCustomer[];
}

/** `GET /v1/customers/search`: `next_page` is set whenever `has_more` is. */
export interface StripeSearchResult {
  object: 'search_result';
  url: string;
  has_more: boolean;
  next_page?: string | null;
  data: StripeCustomer[];
  total_count?: number;
}

/** `#/components/schemas/error`: only `error.type` is always there. */
export interface StripeErrorBody {
  error: { type: string; code?: string; message?: string; param?: string; doc_url?: string; request_log_url?: string };
}

/**
 * The create and update parameters the adapter sends (form-encoded, nested with brackets). An
 * empty string unsets a field; `preferred_locales: ''` clears the list.
 */
export interface StripeCustomerParams {
  email?: string;
  name?: string;
  phone?: string;
  address?: Partial<Record<keyof StripeAddress, string>> | '';
  preferred_locales?: string[] | '';
  metadata?: Record<string, string>;
  description?: string;
}

export interface StripeConnectionCredentials {
  /** A secret key (`sk_test_…`, `sk_live_…`) or a restricted key (`rk_…`) allowed to read and write customers. */
  secretKey: string;
}

export interface StripeConnectionOptions {
  /** Where national phone numbers are read: Stripe keeps phones as the merchant typed them. */
  defaultRegion?: CountryCode;
}

/** What a client may add to a Stripe create (`options` of `POST /v1/users`). */
export interface StripeCreateOptions {
  metadata?: Record<string, string>;
  description?: string;
}
