import { runContractSuite } from '../../../test/contract/suite';
import { paysera } from '..';

runContractSuite({
  adapter: paysera,
  existingUserId: '221',
  missingUserId: '424242',
  invalidUserId: '../221',
  lookup: { email: 'something@example.com', expectedUserId: '221' },
  create: { user: { email: 'contract.new@example.com', name: { given: 'Ada', family: 'Lovelace' } }, password: 'secretPassword22' },
  update: { userId: '1004', patch: { name: { given: 'Zoe' } }, expect: { name: { given: 'Zoe', family: 'Ångström', full: 'Zoe Ångström' } } },
  delete: 'unsupported',
  badCredentials: { clientId: 'unknown-client', macKey: 'wrong-key' },
  createPath: '/rest/v1/user',
  unwritable: { field: 'gender', value: 'male' },
});
