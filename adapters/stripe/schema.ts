import Joi from 'joi';
import { documentedValues } from '../../src/contract/documented-values';
import type { StripeCustomer, StripeCustomerList, StripeDeletedCustomer, StripeErrorBody, StripeSearchResult } from './types';

/**
 * Stripe's response shapes, from its published customers spec (docs/providers/stripe-customers.openapi.json):
 * every body is validated against one of these before it is mapped, and `usergate contract`
 * compares a live API with them. Unknown fields are tolerated; lengths are the spec's read limits
 * (5000), which are looser than its write limits.
 */

/**
 * Ids are opaque: up to 255 characters, case-sensitive; every example is `cus_` and 14
 * alphanumerics, and caller-chosen ids of older accounts were limited to alphanumerics, `_` and `-`
 * (docs/providers/stripe.md, "Ids, lists, search, deletion").
 */
export const STRIPE_CUSTOMER_ID = /^[A-Za-z0-9_-]{1,255}$/;

const text = Joi.string().max(5000).allow('');
const nullableText = text.allow(null);

// #/components/schemas/address: every part nullable.
const addressSchema = Joi.object({
  city: nullableText,
  country: nullableText,
  line1: nullableText,
  line2: nullableText,
  postal_code: nullableText,
  state: nullableText,
});

// #/components/schemas/customer (required: created, id, livemode, object).
export const stripeCustomerSchema = Joi.object<StripeCustomer>({
  id: Joi.string().max(5000).required(),
  object: Joi.string().valid('customer').required(),
  created: Joi.number().integer().required(),
  livemode: Joi.boolean().required(),
  address: addressSchema.allow(null),
  balance: Joi.number().integer(),
  currency: nullableText,
  delinquent: Joi.boolean().allow(null),
  description: nullableText,
  email: nullableText,
  invoice_prefix: nullableText,
  metadata: Joi.object().pattern(Joi.string(), Joi.string().allow('')),
  name: nullableText,
  phone: nullableText,
  preferred_locales: Joi.array().items(text).allow(null),
  tax_exempt: documentedValues(nullableText, ['exempt', 'none', 'reverse'], 'passed-through'),
  individual_name: text,
  business_name: text,
  customer_account: nullableText,
});

// #/components/schemas/deleted_customer (required: deleted, id, object).
export const stripeDeletedCustomerSchema = Joi.object<StripeDeletedCustomer>({
  id: Joi.string().max(5000).required(),
  object: Joi.string().valid('customer').required(),
  deleted: Joi.boolean().valid(true).required(),
});

/** A retrieve answers a customer, or, for a deleted one, the deleted shape (`anyOf [customer, deleted_customer]`). */
export const stripeRetrievedSchema = Joi.alternatives<StripeCustomer | StripeDeletedCustomer>().try(stripeDeletedCustomerSchema, stripeCustomerSchema);

// #/paths/~1v1~1customers/get/responses/200 (CustomerResourceCustomerList).
export const stripeCustomerListSchema = Joi.object<StripeCustomerList>({
  object: Joi.string().valid('list').required(),
  url: Joi.string()
    .pattern(/^\/v1\/customers/)
    .required(),
  has_more: Joi.boolean().required(),
  data: Joi.array().items(stripeCustomerSchema).required(),
});

// #/paths/~1v1~1customers~1search/get/responses/200 (SearchResult).
export const stripeSearchResultSchema = Joi.object<StripeSearchResult>({
  object: Joi.string().valid('search_result').required(),
  url: Joi.string().required(),
  has_more: Joi.boolean().required(),
  next_page: Joi.string().max(5000).allow(null),
  data: Joi.array().items(stripeCustomerSchema).required(),
  total_count: Joi.number().integer(),
});

// #/components/schemas/error → api_errors: only `type` is required.
export const stripeErrorSchema = Joi.object<StripeErrorBody>({
  error: Joi.object({
    type: documentedValues(Joi.string(), ['api_error', 'card_error', 'idempotency_error', 'invalid_request_error'], 'passed-through').required(),
    code: Joi.string(),
    message: Joi.string(),
    param: Joi.string(),
    doc_url: Joi.string(),
    request_log_url: Joi.string(),
  }).required(),
});
