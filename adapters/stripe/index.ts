import Joi from 'joi';
import { getCountries, type CountryCode } from 'libphonenumber-js';
import type { AdapterDefinition, ConnectionSetup, LookupQuery, ProviderConnection } from '../../src/connections/adapter';
import type { MappingContext } from '../../src/connections/adapter';
import { e164 } from '../../src/provider-kit/normalise';
import type { CallContext } from '../../src/upstream/client';
import { MAX_LOOKUP_PAGES, phoneQuery, StripeApi, type Found } from './client';
import { stripeContract } from './contract';
import stripeExample from './fixtures/customer-retrieve.json';
import { toCanonicalUser, toStripeNewCustomer, toStripeUpdate } from './mapper';
import { stripeFieldSources } from './provenance';
import { STRIPE_CUSTOMER_ID, stripeCustomerSchema } from './schema';
import { EGLE_CUSTOMER_ID } from './simulator/seed';
import { startStripeSimulator } from './simulator/server';
import type { StripeConnectionCredentials, StripeConnectionOptions, StripeCreateOptions, StripeCustomer } from './types';
import { STRIPE_REQUEST_ID_HEADER } from './errors';

type StripeSetup = ConnectionSetup<StripeConnectionCredentials, StripeConnectionOptions>;

/** A Stripe Customer is the user: read, looked up by email (list) or phone (search), created, updated, deleted. */
function connect({ http, credentials, options, mapping, logger }: StripeSetup): ProviderConnection<StripeCreateOptions> {
  const api = new StripeApi(http, credentials.secretKey, logger);
  const toCanonical = (customer: StripeCustomer) => toCanonicalUser(customer, mapping, options.defaultRegion);
  const bounded = ({ customers, complete }: Found) => {
    if (!complete) logger.warn('lookup stopped at the page limit', { pages: MAX_LOOKUP_PAGES });
    return customers;
  };

  async function findByEmail(email: string, context: CallContext): Promise<StripeCustomer[]> {
    // NOTE: Stripe's email filter is case-sensitive; the gateway compares emails case-insensitively, so a
    // lookup written with capitals also asks for the lower-case spelling, which is how most are stored.
    const spellings = [...new Set([email, email.toLowerCase()])];
    const found = await Promise.all(spellings.map(async (spelling) => bounded(await api.listByEmail(spelling, context))));
    return uniqueById(found.flat());
  }

  async function findByPhone(phone: string, context: CallContext): Promise<StripeCustomer[]> {
    // NOTE: search matches words in any case ("contains all of the words in the same order"), and phones are
    // free-form: only customers whose phone is this number in E.164 are kept.
    const found = bounded(await api.search(phoneQuery(phone), context));
    return found.filter((customer) => e164(customer.phone, 'phone', SILENT, { defaultRegion: options.defaultRegion }) === phone);
  }

  return {
    async getUser(id, context) {
      return toCanonicalUser(await api.retrieve(id, context), mapping, options.defaultRegion);
    },

    async findUsers(query: LookupQuery, context) {
      const customers = query.email ? await findByEmail(query.email, context) : query.phone ? await findByPhone(query.phone, context) : [];
      return { users: customers.map(toCanonical) };
    },

    async createUser({ user, password, options: createOptions, idempotencyKey }, context) {
      return toCanonical(await api.create(toStripeNewCustomer(user, password, createOptions), idempotencyKey, context));
    },

    async updateUser(id, patch, context) {
      // NOTE: Stripe replaces an address whole, so a patch of some of its parts reads the current one first.
      const current = patch.address ? await api.retrieve(id, context) : undefined;
      const address = current && !('deleted' in current) ? current.address : null;
      return toCanonical(await api.update(id, toStripeUpdate(patch, address), context));
    },

    async deleteUser(id, context) {
      await api.delete(id, context);
    },
  };
}

/** The post-filter reads phones it drops without reporting them: they are other customers' business. */
const SILENT: MappingContext = { reportUnknown: () => undefined };

function uniqueById(customers: StripeCustomer[]): StripeCustomer[] {
  return [...new Map(customers.map((customer) => [customer.id, customer])).values()];
}

/** Metadata as Stripe takes it: up to 50 keys of up to 40 characters without brackets, values up to 500 (docs.stripe.com/api/metadata). */
const metadata = Joi.object()
  .pattern(/^[^[\]]{1,40}$/, Joi.string().max(500))
  .max(50);

export const stripe: AdapterDefinition<StripeConnectionCredentials, StripeConnectionOptions, StripeCreateOptions> = {
  name: 'stripe',
  capabilities: { get: true, lookup: ['email', 'phone'], lookupMode: 'users', create: true, update: true, delete: true },
  demo: {
    personId: EGLE_CUSTOMER_ID,
    userIds: ['cus_DemoMarcus00002', 'cus_DemoLucia000003', 'cus_NffrFeUfNV2Hib'],
    newUser: { user: { email: 'new.user@example.com', name: { full: 'Ada Lovelace' } } },
    patch: { name: { full: 'Ada Lovelace' } },
  },
  seedIdField: 'id',
  providerUser: {
    schema: stripeCustomerSchema,
    example: stripeExample,
    toCanonical: (raw: StripeCustomer, context, options) => toCanonicalUser(raw, context, options.defaultRegion),
  },
  fieldSources: stripeFieldSources,
  docsUrl: 'https://docs.stripe.com/api/customers',
  requestIdHeaders: [STRIPE_REQUEST_ID_HEADER],
  // docs/providers/stripe.md (Hosts and auth): one host; the key picks live or test mode.
  documentedBaseUrls: ['https://api.stripe.com'],
  idPattern: STRIPE_CUSTOMER_ID,
  credentialsSchema: Joi.object<StripeConnectionCredentials>({
    secretKey: Joi.string()
      .pattern(/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,247}$/, 'Stripe secret or restricted key')
      .required(),
  }),
  optionsSchema: Joi.object<StripeConnectionOptions>({
    defaultRegion: Joi.string()
      .uppercase()
      .valid(...getCountries())
      .messages({ 'any.only': '{{#label}} must be an ISO 3166-1 alpha-2 country code' }) as Joi.StringSchema<CountryCode>,
  }),
  createOptionsSchema: Joi.object<StripeCreateOptions>({ metadata, description: Joi.string().max(5000) }),
  // Stripe's limit in test mode (sandbox), the lower one: 25 requests a second (docs.stripe.com/rate-limits).
  quotas: [{ requests: 25, perSeconds: 1 }],
  connect,
  startSimulator: startStripeSimulator,
  contract: stripeContract,
};
