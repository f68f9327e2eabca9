import { blankUserFields, type ProviderUserFields } from '../../../src/canonical/user';

/** The demo's Eglė Jankauskienė (docs/demo-data.md) as Paysera's operations answer with her: the operations' OpenAPI examples. */
export const EXAMPLE_USER: ProviderUserFields = {
  ...blankUserFields('1001'),
  email: 'egle.jankauskiene@example.com',
  emailVerified: true,
  phone: '+37060012345',
  name: { given: 'Eglė', family: 'Jankauskienė', full: 'Eglė Jankauskienė' },
  dateOfBirth: '1988-04-12',
  gender: 'female',
  nationality: 'LT',
  nationalId: '48804120123',
  address: { line1: 'Gedimino pr. 1', city: 'Vilnius', postalCode: 'LT-01103', state: null, country: 'LT' },
  verification: 'full',
  locale: 'lt',
  extensions: { identificationLevel: 'fully_identified', wallets: [20001, 20002], defaultCurrency: 'EUR' },
};

export const EXAMPLE_POSITION = { lat: 54.6872, lng: 25.2797, type: 'default' };
