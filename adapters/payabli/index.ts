import Joi from 'joi';
import { isSupportedCountry } from 'libphonenumber-js';
import { unconnected } from '../../src/connections/operations';
import type { AdapterDefinition, ConnectionSetup, ProviderConnection } from '../../src/connections/adapter';
import { GatewayError } from '../../src/errors';
import type { CallContext } from '../../src/upstream/client';
import { PayabliApi } from './client';
import { withDocumentedKeys } from './casing';
import { payabliContract } from './contract';
import payabliExample from './fixtures/user-123.json';
import { toCanonicalUser, toPayabliNewUser, toPayabliUpdate, type PayabliCreateOptions } from './mapper';
import { entryLevel, entryName, PAYABLI_USER_ID, payabliOperations } from './operations';
import { payabliUserSchema } from './schema';
import { startPayabliSimulator } from './simulator/server';
import type { PayabliConnectionCredentials, PayabliConnectionOptions, PayabliUser } from './types';
import { payabliFieldSources } from './provenance';

type PayabliSetup = ConnectionSetup<PayabliConnectionCredentials, PayabliConnectionOptions>;

function connect({ name, http, credentials, options, mapping }: PayabliSetup): ProviderConnection<PayabliCreateOptions> {
  const api = new PayabliApi(http, credentials, options);
  const { orgId } = options;
  const toCanonical = (user: PayabliUser) => toCanonicalUser(user, mapping, options.defaultRegion);

  /** NOTE: Payabli's create may answer without the new id (`null`, nothing, or another string); the user is then found by its email. */
  async function findCreated(email: string, context: CallContext): Promise<PayabliUser> {
    const found = orgId === undefined ? [] : await api.findUsersByEmail(orgId, email, context);
    const [user, ...others] = found;
    if (user && others.length === 0) return user;
    throw new GatewayError('provider_error', 'Payabli created the user without giving its id, and the gateway could not find it by email.', {
      origin: 'provider',
      connection: name,
    });
  }

  return {
    capabilities: { get: true, lookup: orgId === undefined ? [] : ['email'], lookupMode: 'users', create: true, update: true, delete: true },
    operations: payabliOperations(api, options),

    async getUser(id, context) {
      return toCanonical(await api.getUser(id, context));
    },

    async findUsers(query, context) {
      const found = orgId === undefined || !query.email ? [] : await api.findUsersByEmail(orgId, query.email, context);
      return { users: found.map(toCanonical) };
    },

    async createUser({ user, password, options: createOptions }, context) {
      const body = toPayabliNewUser(user, password, createOptions, options);
      const id = await api.createUser(body, context);
      return toCanonical(id ? await api.getUser(id, context) : await findCreated(body.email, context));
    },

    // NOTE: Payabli's update answers only with an envelope, so the user is read back.
    async updateUser(id, patch, context) {
      await api.updateUser(id, toPayabliUpdate(patch, options), context);
      return toCanonical(await api.getUser(id, context));
    },

    async deleteUser(id, context) {
      await api.deleteUser(id, context);
    },
  };
}

/**
 * NOTE: `additionalData` values are strings (the docs' example) or objects (the SDKs' type); Payabli
 * documents at most 100 characters a value (node sdk `AdditionalData.d.ts`), so longer text is refused
 * here rather than there. An object value is kept flat and small: scalars under at most 20 keys.
 */
const ADDITIONAL_DATA_KEY = /^[\w.-]{1,64}$/;
const additionalText = Joi.string().max(100);
const additionalDataSchema = Joi.object()
  .pattern(
    ADDITIONAL_DATA_KEY,
    Joi.alternatives(
      additionalText,
      Joi.object()
        .pattern(ADDITIONAL_DATA_KEY, Joi.alternatives(additionalText, Joi.number(), Joi.boolean()).allow(null))
        .max(20),
    ),
  )
  .max(50);

const roleAccess = Joi.object({ roleLabel: Joi.string().max(100).required(), roleValue: Joi.boolean().required() });
const orgScope = Joi.object({ orgType: Joi.number().valid(0, 2).required(), orgId: Joi.number().integer().positive().required() });

export const payabli: AdapterDefinition<PayabliConnectionCredentials, PayabliConnectionOptions, PayabliCreateOptions> = {
  name: 'payabli',
  capabilities: { get: true, lookup: ['email'], lookupMode: 'users', create: true, update: true, delete: true },
  demo: {
    personId: '1001',
    userIds: ['1002', '1003', '1004'],
    newUser: { user: { email: 'new.user@example.com', name: { full: 'Ada Lovelace' } }, password: 'Secret-Password-22' },
    patch: { name: { full: 'Ada Lovelace' } },
  },
  seedIdField: 'userId',
  providerUser: {
    schema: payabliUserSchema,
    example: payabliExample,
    normalize: withDocumentedKeys,
    toCanonical: (raw: PayabliUser, context, options) => toCanonicalUser(raw, context, options.defaultRegion),
  },
  fieldSources: payabliFieldSources,
  docsUrl: 'https://docs.payabli.com/developers/api-reference/user/get-user-in-an-organization',
  // docs/providers/payabli.md (Hosts and auth): production and sandbox.
  documentedBaseUrls: ['https://api.payabli.com/api', 'https://api-sandbox.payabli.com/api'],
  idPattern: PAYABLI_USER_ID,
  credentialsSchema: Joi.object<PayabliConnectionCredentials>({
    requestToken: Joi.string(),
    clientId: Joi.string(),
    clientSecret: Joi.string(),
  })
    .xor('requestToken', 'clientId')
    .and('clientId', 'clientSecret')
    .messages({
      'object.xor': '{{#label}} must have requestToken or clientId and clientSecret, not both',
      'object.missing': '{{#label}} must have requestToken, or clientId and clientSecret',
    }),
  optionsSchema: Joi.object<PayabliConnectionOptions>({
    defaultRegion: Joi.string()
      .uppercase()
      .custom((value: string, helpers) => (isSupportedCountry(value) ? value : helpers.error('any.invalid')))
      .default('US'),
    orgId: Joi.number().integer().positive(),
    entry: entryName,
    level: entryLevel,
  }).and('entry', 'level'),
  createOptionsSchema: Joi.object<PayabliCreateOptions>({
    scope: Joi.array().items(orgScope).min(1).max(50),
    access: Joi.array().items(roleAccess).max(100),
    additionalData: additionalDataSchema,
  }),
  // Payabli's published limits per token: 200 a minute (also 3,000 per 15 minutes, 10,000 an hour).
  quotas: [{ requests: 200, perSeconds: 60 }],
  operations: payabliOperations(unconnected('the Payabli API'), unconnected('the connection options')),
  connect,
  startSimulator: startPayabliSimulator,
  contract: payabliContract,
};
