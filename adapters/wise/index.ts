import Joi from 'joi';
import { unconnected } from '../../src/connections/operations';
import type { AdapterDefinition } from '../../src/connections/adapter';
import { connectWise } from './connection';
import { wiseOperations } from './operations';
import { wiseContract } from './contract';
import wiseExample from './fixtures/user-101.json';
import { toCanonicalUser, type WiseCreateOptions } from './mapper';
import { readWiseRateLimit } from './rate-limit';
import { wiseUserSchema } from './schema';
import { startWiseSimulator } from './simulator/server';
import { decodeEncryptionKey } from './token-cipher';
import { WISE_LANGUAGES, type WiseConnectionCredentials, type WiseUser } from './types';
import { wiseFieldSources } from './provenance';
import { WISE_REQUEST_ID_HEADER } from './errors';

const encryptionKey = Joi.string()
  .custom((value: string, helpers) => (decodeEncryptionKey(value) ? value : helpers.error('key.size')))
  .messages({ 'key.size': '{{#label}} must be 32 bytes written as base64 or hex' });

export const wise: AdapterDefinition<WiseConnectionCredentials, Record<string, never>, WiseCreateOptions> = {
  name: 'wise',
  capabilities: { get: true, lookup: ['email'], lookupMode: 'exists', create: true, update: false, delete: false },
  demo: {
    personId: '5001',
    // NOTE: Wise shows a user only to that user's own token: the demo connection holds hers alone.
    userIds: [],
    newUser: { user: { email: 'new.user@example.com', locale: 'en' } },
    hints: [{ userId: 'me', shows: "the user of the connection's own token" }],
  },
  seedIdField: 'id',
  providerUser: { schema: wiseUserSchema, example: wiseExample, toCanonical: (raw: WiseUser, context) => toCanonicalUser(raw, context) },
  fieldSources: wiseFieldSources,
  docsUrl: 'https://docs.wise.com/api-reference/user',
  requestIdHeaders: [WISE_REQUEST_ID_HEADER],
  // docs/providers/wise.md (Hosts): production and sandbox.
  documentedBaseUrls: ['https://api.wise.com', 'https://api.wise-sandbox.com'],
  // NOTE: user ids are int64; `me` is the user of the connection's configured token (`GET /v1/me`).
  idPattern: /^(?:[1-9]\d{0,18}|me)$/,
  credentialsSchema: Joi.object<WiseConnectionCredentials>({
    clientId: Joi.string().required(),
    clientSecret: Joi.string().required(),
    userToken: Joi.string(),
    tokenEncryptionKey: encryptionKey.required(),
  }),
  optionsSchema: Joi.object({}),
  createOptionsSchema: Joi.object<WiseCreateOptions>({
    registrationCode: Joi.string().min(32).max(256),
    language: Joi.string()
      .valid(...WISE_LANGUAGES)
      .insensitive(),
  }),
  readRateLimit: readWiseRateLimit,
  // Wise's limits per token: 100 a second and 1,000 a minute (docs/providers/wise.md); its simulator enforces both.
  quotas: [
    { requests: 100, perSeconds: 1 },
    { requests: 1000, perSeconds: 60 },
  ],
  operations: wiseOperations(unconnected('the Wise API'), unconnected('the Wise tokens')),
  connect: connectWise,
  startSimulator: startWiseSimulator,
  contract: wiseContract,
};
