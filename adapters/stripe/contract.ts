import type Joi from 'joi';
import { addressThatSurelyDoesNotExist, type ContractDeclaration } from '../../src/contract/check';
import { path, type UpstreamRequest } from '../../src/upstream/request';
import { stripeAuth } from './auth';
import { stripeError } from './errors';
import { stripeForm } from './form';
import { stripeCustomerListSchema, stripeErrorSchema, stripeRetrievedSchema, stripeSearchResultSchema } from './schema';
import type { StripeConnectionCredentials, StripeCustomerList } from './types';

interface StripeContractState {
  auth: Pick<UpstreamRequest, 'headers' | 'authorize'>;
  /** The customer to read: the one named with `--user`, else the newest one listed. */
  customerId?: string;
}

/** A well-formed id that no customer has: Stripe's ids are `cus_` and 14 alphanumerics. */
const NO_SUCH_CUSTOMER = 'cus_usergate0contract0';
/** An E.164 number of the range reserved for drama (Ofcom): surely nobody's. */
const NOBODYS_PHONE = '+447700900000';

const ok = (schema: Joi.Schema) => ({ status: [200], schema });

function get(state: StripeContractState, operation: string, route: string, query?: object): UpstreamRequest {
  return {
    operation: `contract:${operation}`,
    method: 'GET',
    path: route,
    ...(query && { query: stripeForm(query) }),
    ...state.auth,
    idempotent: true,
  };
}

// https://docs.stripe.com/api/customers (docs/providers/stripe-customers.openapi.json)
export const stripeContract: ContractDeclaration<StripeContractState> = {
  start: (target) => ({
    auth: stripeAuth((target.credentials as unknown as StripeConnectionCredentials).secretKey),
    customerId: target.userId,
  }),
  checks: [
    {
      name: 'GET /v1/customers',
      purpose: 'the newest customer',
      request: (state) => get(state, 'listCustomers', '/v1/customers', { limit: 1 }),
      expect: [ok(stripeCustomerListSchema)],
      learn: (body, state) => {
        state.customerId ??= (body as StripeCustomerList).data[0]?.id;
      },
    },
    {
      name: 'GET /v1/customers/{customer}',
      purpose: 'a customer',
      request: (state) =>
        state.customerId
          ? get(state, 'retrieveCustomer', path`/v1/customers/${state.customerId}`)
          : { skip: 'no customer to read: the list gave none (name one with --user)' },
      expect: [ok(stripeRetrievedSchema)],
    },
    {
      name: 'GET /v1/customers?email=',
      purpose: 'a lookup of an address that surely does not exist',
      request: (state) => get(state, 'listCustomers', '/v1/customers', { email: addressThatSurelyDoesNotExist(), limit: 1 }),
      expect: [ok(stripeCustomerListSchema)],
      verifies: true,
    },
    {
      name: 'GET /v1/customers/search?query=phone:',
      purpose: 'a search for a phone that surely is nobody’s',
      request: (state) => get(state, 'searchCustomers', '/v1/customers/search', { query: `phone:"${NOBODYS_PHONE}"`, limit: 1 }),
      expect: [ok(stripeSearchResultSchema)],
    },
    {
      name: 'GET /v1/customers/{customer} (unknown)',
      purpose: 'the error for a customer that does not exist',
      request: (state) => get(state, 'retrieveCustomer', path`/v1/customers/${NO_SUCH_CUSTOMER}`),
      expect: [{ status: [404], schema: stripeErrorSchema }],
    },
  ],
  readError: stripeError,
};
