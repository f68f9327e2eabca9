import { runContractSuite } from '../../../test/contract/suite';
import { stripe } from '..';

runContractSuite({
  adapter: stripe,
  existingUserId: 'cus_DemoEgle000001',
  missingUserId: 'cus_NoSuchCustomer01',
  invalidUserId: '../cus_DemoEgle000001',
  lookup: { email: 'egle.jankauskiene@example.com', expectedUserId: 'cus_DemoEgle000001' },
  create: { user: { email: 'contract.new@example.com', name: { full: 'Ada Lovelace' }, phone: '+447700900123', locale: 'en' } },
  update: {
    userId: 'cus_DemoMarcus00002',
    patch: { name: { full: 'Marcus A. Reed' } },
    expect: { name: { given: null, family: null, full: 'Marcus A. Reed' } },
  },
  // NOTE: Stripe keeps answering for a deleted customer, with `deleted: true`: the user reads back with status deleted.
  delete: { userId: 'cus_DemoShared00005', afterwards: 'status-deleted' },
  badCredentials: { secretKey: 'sk_test_NotAKeyTheSimulatorKnows0' },
  createPath: '/v1/customers',
  unwritable: { field: 'gender', value: 'male' },
});
