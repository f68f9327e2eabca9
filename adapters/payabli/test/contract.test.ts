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
});
