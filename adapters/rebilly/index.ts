import Joi from 'joi';
import { getCountries } from 'libphonenumber-js';
import { unconnected } from '../../src/connections/operations';
import type { AdapterDefinition, ConnectionSetup, ProviderConnection } from '../../src/connections/adapter';
import { MAX_PAGES, RebillyApi } from './client';
import { rebillyContract } from './contract';
import { exactFilterTerm } from './filter';
import { assertStorablePatch, toCanonicalUser, toRebillyNewUser, toRebillyUpdate, type RebillyMappingContext } from './mapper';
import { rebillyOperations } from './operations';
import { readRebillyRateLimit } from './rate-limit';
import { REBILLY_USER_ID } from './schema';
import { startRebillySimulator } from './simulator/server';
import type { RebillyConnectionCredentials, RebillyConnectionOptions, RebillyUser } from './types';
import { rebillyFieldSources } from './provenance';

type RebillySetup = ConnectionSetup<RebillyConnectionCredentials, RebillyConnectionOptions>;

function connect({ http, credentials, options, mapping, logger }: RebillySetup): ProviderConnection {
  const api = new RebillyApi(http, credentials);
  const context: RebillyMappingContext = {
    reportUnknown: (field, value) => mapping.reportUnknown(field, value),
    defaultRegion: options.defaultRegion,
  };
  const toCanonical = (raw: RebillyUser) => toCanonicalUser(raw, context);
  return {
    capabilities: { get: true, lookup: ['email'], lookupMode: 'users', create: true, update: true, delete: false },
    operations: rebillyOperations(api, context),

    async getUser(id, call) {
      return toCanonical(await api.getUser(id, call));
    },

    async findUsers(query, call) {
      if (query.email === undefined) return { users: [] };
      const { users, complete } = await api.findUsers(exactFilterTerm('email', query.email), options.pageSize, call);
      if (!complete) logger.warn('lookup stopped at the page limit', { pages: MAX_PAGES, pageSize: options.pageSize });
      return { users: users.map(toCanonical) };
    },

    async createUser({ user, password }, call) {
      return toCanonical(await api.createUser(toRebillyNewUser(user, password), call));
    },

    // NOTE: Rebilly has no PATCH, and its PUT is an upsert that would create a missing user. So the
    // user is read first (a 404 ends here with nothing written) and written back whole, merged.
    async updateUser(id, patch, call) {
      assertStorablePatch(patch);
      const current = await api.getUser(id, call);
      return toCanonical(await api.putUser(id, toRebillyUpdate(current, patch), call));
    },
  };
}

export const rebilly: AdapterDefinition<RebillyConnectionCredentials, RebillyConnectionOptions> = {
  name: 'rebilly',
  fieldSources: rebillyFieldSources,
  docsUrl: 'https://www.rebilly.com/catalog/all/users',
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
  }),
  readRateLimit: readRebillyRateLimit,
  // No `quota`: Rebilly publishes one only for its sandbox's non-GET calls (3000 per 10 minutes).
  operations: rebillyOperations(unconnected('the Rebilly API'), unconnected('a mapping context')),
  connect,
  startSimulator: startRebillySimulator,
  contract: rebillyContract,
};
