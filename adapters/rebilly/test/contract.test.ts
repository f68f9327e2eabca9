import { runContractSuite } from '../../../test/contract/suite';
import { rebilly } from '..';

runContractSuite({
  adapter: rebilly,
  existingUserId: 'usr_01JDEMOEGLE0000000000000001',
  missingUserId: 'usr_01JZZZZZZZZZZZZZZZZZZZZZZZ',
  invalidUserId: '../users',
  lookup: { email: 'egle.jankauskiene@example.com', expectedUserId: 'usr_01JDEMOEGLE0000000000000001' },
  create: { user: { email: 'contract.new@example.com', name: { given: 'Ada', family: 'Lovelace' } } },
  update: {
    userId: 'usr_01JDEMOJONAS000000000000001',
    patch: { name: { family: 'Petraitis-Kairys' } },
    expect: { name: { given: 'Jonas', family: 'Petraitis-Kairys', full: 'Jonas Petraitis-Kairys' } },
  },
  delete: 'unsupported',
  badCredentials: { apiKey: 'sk_sandbox_not-a-key' },
  unwritable: { field: 'gender', value: 'male' },
});
