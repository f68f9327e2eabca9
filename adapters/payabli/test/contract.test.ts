import { runContractSuite } from '../../../test/contract/suite';
import { payabli } from '..';

runContractSuite({
  adapter: payabli,
  existingUserId: '123',
  missingUserId: '424242',
  invalidUserId: '../123',
  lookup: { email: 'EGLE.Jankauskiene@example.com', expectedUserId: '1001' },
  create: { user: { email: 'contract.new@example.com', name: { full: 'Ada Lovelace' } }, password: 'Secret-Password-22' },
  update: { userId: '1003', patch: { name: { full: 'Marcus A. Reed' } }, expect: { name: { given: null, family: null, full: 'Marcus A. Reed' } } },
  delete: { userId: '1005' },
  badCredentials: { requestToken: 'not-a-payabli-token' },
  createPath: '/api/User',
  unwritable: { field: 'gender', value: 'male' },
  // NOTE: Payabli answers a 401 or a 403 when it refuses the connection's token (user management needs an application token).
  status403: 'credentials-refused',
  // NOTE: a rejection's explanation says how to fix the request; errors.ts vets it before quoting it (safeExplanation).
  quotesVettedExplanations: true,
});
