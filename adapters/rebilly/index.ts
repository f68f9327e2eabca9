import Joi from 'joi';
import { getCountries } from 'libphonenumber-js';
import { unconnected } from '../../src/connections/operations';
import type { AdapterDefinition, ConnectionSetup, ProviderConnection } from '../../src/connections/adapter';
import { GatewayError } from '../../src/errors';
import type { CallContext } from '../../src/upstream/client';
import { MAX_PAGES, RebillyApi } from './client';
import { rebillyContract } from './contract';
import rebillyExample from './fixtures/user-seed-example.json';
import { exactFilterTerm } from './filter';
import { assertStorablePatch, toCanonicalUser, toRebillyNewUser, toRebillyUpdate, type RebillyMappingContext } from './mapper';
import { rebillyOperations } from './operations';
import { readRebillyRateLimit } from './rate-limit';
import { REBILLY_USER_ID, rebillyUserSchema } from './schema';
import { startRebillySimulator } from './simulator/server';
import type { RebillyConnectionCredentials, RebillyConnectionOptions, RebillyMfa, RebillyUser } from './types';
import { rebillyFieldSources } from './provenance';

type RebillySetup = ConnectionSetup<RebillyConnectionCredentials, RebillyConnectionOptions>;

function connect({ http, credentials, options, mapping, logger }: RebillySetup): ProviderConnection {
  const api = new RebillyApi(http, credentials);
  const context: RebillyMappingContext = {
    reportUnknown: (field, value) => mapping.reportUnknown(field, value),
    defaultRegion: options.defaultRegion,
  };
  const toCanonical = (raw: RebillyUser) => toCanonicalUser(raw, context);
  let mfaRefusalLogged = false;

  /**
   * One user with its MFA (`GET /users/{id}/mfa`, one more call) unless the connection skips it.
   * NOTE: an API key without the GetUserMfa permission (403) gives the user with `mfaEnabled: null`
   * rather than no user; the warning says how to stop asking.
   */
  function withMfa(raw: RebillyUser, mfa: PromiseSettledResult<RebillyMfa>) {
    if (mfa.status === 'fulfilled') return toCanonicalUser(raw, context, mfa.value);
    if (!(mfa.reason instanceof GatewayError && mfa.reason.code === 'forbidden')) throw mfa.reason;
    if (!mfaRefusalLogged) logger.warn('Rebilly refused to show MFA to this API key; set the connection option mfa: skip to stop asking');
    mfaRefusalLogged = true;
    return toCanonical(raw);
  }

  /** A user Rebilly just wrote, with its MFA read after it. */
  async function written(raw: RebillyUser, call: CallContext) {
    if (options.mfa === 'skip') return toCanonical(raw);
    const [mfa] = await Promise.allSettled([api.getUserMfa(raw.id, call)]);
    return withMfa(raw, mfa);
  }

  return {
    operations: rebillyOperations(api, context),

    // NOTE: the MFA call needs only the id, so it goes alongside the user's: a read waits for one round trip, not two.
    // Both are awaited whatever happens, so that no call outlives the request's deadline.
    async getUser(id, call) {
      if (options.mfa === 'skip') return toCanonical(await api.getUser(id, call));
      const [user, mfa] = await Promise.allSettled([api.getUser(id, call), api.getUserMfa(id, call)]);
      if (user.status === 'rejected') throw user.reason;
      return withMfa(user.value, mfa);
    },

    // NOTE: lookups leave mfaEnabled null: an MFA call for every user found would make a lookup's cost unbounded.
    async findUsers(query, call) {
      if (query.email === undefined) return { users: [] };
      const { users, complete } = await api.findUsers(exactFilterTerm('email', query.email), options.pageSize, call);
      if (!complete) logger.warn('lookup stopped at the page limit', { pages: MAX_PAGES, pageSize: options.pageSize });
      return { users: users.map(toCanonical) };
    },

    async createUser({ user, password }, call) {
      return written(await api.createUser(toRebillyNewUser(user, password), call), call);
    },

    // NOTE: Rebilly has no PATCH, and its PUT is an upsert that would create a missing user. So the
    // user is read first (a 404 ends here with nothing written) and written back whole, merged.
    async updateUser(id, patch, call) {
      assertStorablePatch(patch);
      const current = await api.getUser(id, call);
      return written(await api.putUser(id, toRebillyUpdate(current, patch), call), call);
    },
  };
}

export const rebilly: AdapterDefinition<RebillyConnectionCredentials, RebillyConnectionOptions> = {
  name: 'rebilly',
  capabilities: { get: true, lookup: ['email'], lookupMode: 'users', create: true, update: true, delete: false },
  demo: {
    personId: 'usr_01JDEMOEGLE0000000000000001',
    userIds: ['usr_01JDEMOJONAS000000000000001', 'usr_01JF3Q8Z5N2M7K4P9R6T1V3W5X', 'usr_01JG7B2C9D4E6F8H0J2K4M6N8P'],
    newUser: { user: { email: 'new.user@example.com', name: { given: 'Ada', family: 'Lovelace' } } },
    patch: { name: { given: 'Ada' } },
  },
  seedIdField: 'id',
  providerUser: {
    schema: rebillyUserSchema,
    example: rebillyExample,
    toCanonical: (raw: RebillyUser, context, options) =>
      toCanonicalUser(raw, { reportUnknown: (field, value) => context.reportUnknown(field, value), defaultRegion: options.defaultRegion }),
  },
  fieldSources: rebillyFieldSources,
  docsUrl: 'https://www.rebilly.com/catalog/all/users',
  // docs/providers/rebilly.md (Hosts and auth): live and sandbox, with or without /organizations/{organizationId}.
  documentedBaseUrls: ['https://api.rebilly.com', 'https://api-sandbox.rebilly.com'],
  idPattern: REBILLY_USER_ID,
  credentialsSchema: Joi.object<RebillyConnectionCredentials>({
    apiKey: Joi.string().pattern(/^[\x21-\x7e]+$/, 'API key'),
    jwt: Joi.string().pattern(/^[\w-]+\.[\w-]+\.[\w-]*$/, 'JWT'),
  })
    .xor('apiKey', 'jwt')
    .messages({ 'object.xor': '{{#label}} must have apiKey or jwt, not both', 'object.missing': '{{#label}} must have apiKey or jwt' }),
  optionsSchema: Joi.object<RebillyConnectionOptions>({
    defaultRegion: Joi.string()
      .uppercase()
      .valid(...getCountries())
      .messages({ 'any.only': '{{#label}} must be an ISO 3166-1 alpha-2 country code' }),
    // Rebilly's `offset` stops at 1000: MAX_PAGES pages of at most 200 stay within it.
    pageSize: Joi.number().integer().min(1).max(200).default(100),
    mfa: Joi.string().valid('read', 'skip').default('read'),
  }),
  readRateLimit: readRebillyRateLimit,
  // No `quotas`: Rebilly publishes one only for its sandbox's non-GET calls (3000 per 10 minutes).
  operations: rebillyOperations(unconnected('the Rebilly API'), unconnected('a mapping context')),
  connect,
  startSimulator: startRebillySimulator,
  contract: rebillyContract,
};
