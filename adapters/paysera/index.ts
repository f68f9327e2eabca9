import Joi from 'joi';
import { unconnected } from '../../src/connections/operations';
import type { AdapterDefinition, ConnectionSetup, LookupQuery, ProviderConnection } from '../../src/connections/adapter';
import { PayseraApi } from './client';
import { payseraContract } from './contract';
import payseraExample from './fixtures/user-221.json';
import { assertIdentityPatch, toCanonicalUser, toPayseraIdentityUpdate, toPayseraPhone, toPayseraRegistration, type RegistrationOptions } from './mapper';
import { payseraOperations } from './operations';
import { checkedLinks, confirmationLink, confirmationLinkHosts } from './operations/params';
import { payseraUserSchema } from './schema';
import { startPayseraSimulator } from './simulator/server';
import { PAYSERA_ID, type PayseraConnectionCredentials, type PayseraConnectionOptions, type PayseraUser } from './types';
import { payseraFieldSources } from './provenance';
import { PAYSERA_REQUEST_ID_HEADER } from './errors';

type PayseraSetup = ConnectionSetup<PayseraConnectionCredentials, PayseraConnectionOptions>;

function connect({ http, credentials, options, mapping }: PayseraSetup): ProviderConnection<RegistrationOptions> {
  const api = new PayseraApi(http, credentials);
  return {
    operations: payseraOperations(api, mapping, options),

    async getUser(id, context) {
      return toCanonicalUser(await api.getUser(id, context), mapping);
    },

    async findUsers(query, context) {
      const found = await api.findUser(toPayseraLookup(query), context);
      return { users: found ? [toCanonicalUser(found, mapping)] : [] };
    },

    async createUser({ user, password, options: createOptions }, context) {
      const registration = toPayseraRegistration(user, password, checkedLinks(createOptions, options.confirmationLinkHosts));
      return toCanonicalUser(await api.register(registration, context), mapping);
    },

    async updateUser(id, patch, context) {
      assertIdentityPatch(patch);
      const current = await api.getUser(id, context);
      return toCanonicalUser(await api.provideIdentity(id, toPayseraIdentityUpdate(current, patch), context), mapping);
    },
  };
}

/**
 * NOTE: a lookup by national id is sent as `person_code=<code>&nationality=<xx>`, the form Paysera's
 * official Java SDK sends (`paysera/java-lib-wallet-sdk` WalletApiClient.java L120-126, `@GET("user")`
 * with `@Query("person_code")` and `@Query("nationality")`). Paysera's docs write it `person_code[:nationality]=`
 * (old user page) and `person_code[lt]=31001010000` (wallet search page); where docs and the official
 * client disagree, the client wins. The simulator takes both forms (fixtures/README.md).
 */
function toPayseraLookup(query: LookupQuery): Record<string, string> {
  if (query.email) return { email: query.email };
  if (query.phone) return { phone: toPayseraPhone(query.phone) };
  const { nationalId, nationality } = query;
  if (!nationalId || !nationality) throw new Error('A Paysera lookup needs an email, a phone, or a national id with its nationality.');
  return { person_code: nationalId, nationality: nationality.toLowerCase() };
}

export const paysera: AdapterDefinition<PayseraConnectionCredentials, PayseraConnectionOptions, RegistrationOptions> = {
  name: 'paysera',
  capabilities: { get: true, lookup: ['email', 'phone', 'nationalId'], lookupMode: 'users', create: true, update: true, delete: false },
  demo: {
    personId: '1001',
    userIds: ['1003', '1004', '1005', '1007'],
    newUser: { user: { email: 'new.user@example.com', name: { given: 'Ada', family: 'Lovelace' } }, password: 'secretPassword22' },
    patch: { name: { given: 'Ada' } },
  },
  seedIdField: 'id',
  providerUser: { schema: payseraUserSchema, example: payseraExample, toCanonical: (raw: PayseraUser, context) => toCanonicalUser(raw, context) },
  fieldSources: payseraFieldSources,
  docsUrl: 'https://developers.paysera.com/en/wallet/rest/v1/user',
  requestIdHeaders: [PAYSERA_REQUEST_ID_HEADER],
  // docs/providers/paysera.md (Hosts): production, sandbox, and the host its mobile SDKs use.
  documentedBaseUrls: ['https://wallet.paysera.com/rest/v1', 'https://wallet-sandbox.paysera.com/rest/v1', 'https://wallet-api.paysera.com/rest/v1'],
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
