import { randomBytes } from 'node:crypto';
import { runContractSuite } from '../../../test/contract/suite';
import { wise } from '..';

// NOTE: Wise shows a user only to that user's own token: the seeded user is read with the
// connection's configured personal token, and a created user with the tokens the gateway kept for it.
runContractSuite({
  adapter: wise,
  existingUserId: '5001',
  missingUserId: '999999',
  invalidUserId: '../5001',
  lookup: { email: 'egle.jankauskiene@example.com' },
  create: { user: { email: 'contract.new@example.com', locale: 'en' } },
  update: 'unsupported',
  delete: 'unsupported',
  badCredentials: {
    clientId: 'unknown-client',
    clientSecret: 'wrong-secret',
    userToken: 'unknown-user-token',
    tokenEncryptionKey: randomBytes(32).toString('base64'),
  },
  // The signup: the token requests before and after it are Wise's other calls.
  createPath: '/v1/user/signup',
  unwritable: { field: 'gender', value: 'male' },
});
