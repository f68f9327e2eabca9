import Joi from 'joi';
import { unconnected } from '../../src/connections/operations';
import type { AdapterDefinition, ConnectionSetup, LookupQuery, ProviderConnection } from '../../src/connections/adapter';
import { PayseraApi } from './client';
import { payseraContract } from './contract';
import { assertIdentityPatch, toCanonicalUser, toPayseraIdentityUpdate, toPayseraPhone, toPayseraRegistration, type RegistrationOptions } from './mapper';
import { payseraOperations } from './operations';
import { checkedLinks, confirmationLink, confirmationLinkHosts } from './operations/params';
import { startPayseraSimulator } from './simulator/server';
import { PAYSERA_ID, type PayseraConnectionCredentials, type PayseraConnectionOptions } from './types';
import { payseraFieldSources } from './provenance';

type PayseraSetup = ConnectionSetup<PayseraConnectionCredentials, PayseraConnectionOptions>;

function connect({ http, credentials, options, mapping }: PayseraSetup): ProviderConnection {
  const api = new PayseraApi(http, credentials);
  return {
    capabilities: { get: true, lookup: ['email', 'phone', 'nationalId'], lookupMode: 'users', create: true, update: true, delete: false },
    operations: payseraOperations(api, mapping, options),

    async getUser(id, context) {
      return toCanonicalUser(await api.getUser(id, context), mapping);
    },

    async findUsers(query, context) {
      const found = await api.findUser(toPayseraLookup(query), context);
      return { users: found ? [toCanonicalUser(found, mapping)] : [] };
    },

    async createUser({ user, password, options: createOptions }, context) {
      const registration = toPayseraRegistration(user, password, checkedLinks(createOptions as RegistrationOptions, options.confirmationLinkHosts));
      return toCanonicalUser(await api.register(registration, context), mapping);
    },

    async updateUser(id, patch, context) {
      assertIdentityPatch(patch);
      const current = await api.getUser(id, context);
      return toCanonicalUser(await api.provideIdentity(id, toPayseraIdentityUpdate(current, patch), context), mapping);
    },
  };
}

function toPayseraLookup(query: LookupQuery): Record<string, string> {
  if (query.email) return { email: query.email };
  if (query.phone) return { phone: toPayseraPhone(query.phone) };
  const { nationalId, nationality } = query;
  if (!nationalId || !nationality) throw new Error('A Paysera lookup needs an email, a phone, or a national id with its nationality.');
  return { person_code: nationalId, nationality: nationality.toLowerCase() };
}

export const paysera: AdapterDefinition<PayseraConnectionCredentials, PayseraConnectionOptions> = {
  name: 'paysera',
  fieldSources: payseraFieldSources,
  docsUrl: 'https://developers.paysera.com/en/wallet/rest/v1/user',
  idPattern: PAYSERA_ID,
  credentialsSchema: Joi.object<PayseraConnectionCredentials>({
    clientId: Joi.string().required(),
    macKey: Joi.string().required(),
  }),
  optionsSchema: Joi.object<PayseraConnectionOptions>({ confirmationLinkHosts }),
  createOptionsSchema: Joi.object<RegistrationOptions>({
    // Users migrated with an already hashed password (the seed's pre-salt-sha1-base64 credentials).
    migratedCredentials: Joi.object({
      passwordHash: Joi.string().base64().max(200).required(),
      passwordSalt: Joi.string().base64().max(200).required(),
      username: Joi.string().max(100),
    }),
    phoneLink: confirmationLink,
    emailLink: confirmationLink,
  }),
  operations: payseraOperations(unconnected('the Paysera API'), unconnected('a mapping context'), {}),
  connect,
  startSimulator: startPayseraSimulator,
  contract: payseraContract,
};
