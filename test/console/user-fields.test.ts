import type { CanonicalUser } from '../../src/canonical/user';
import { cardField, displayName, fieldLabel, HIDDEN_PII, keyFields, MISSING, providerLabel } from '../../src/console/client/user-fields';

const egle: CanonicalUser = {
  id: 'northpay:1001',
  connection: 'northpay',
  provider: 'northpay',
  providerUserId: '1001',
  email: 'egle.jankauskiene@example.com',
  emailVerified: true,
  phone: '+37060012345',
  name: { given: 'Eglė', family: 'Jankauskienė', full: 'Eglė Jankauskienė' },
  dateOfBirth: '1988-04-12',
  gender: 'female',
  nationality: 'LT',
  nationalId: '48804120123',
  address: { line1: 'Gedimino pr. 1', city: 'Vilnius', postalCode: 'LT-01103', state: null, country: 'LT' },
  status: 'active',
  verification: 'full',
  locale: 'lt',
  timezone: null,
  mfaEnabled: false,
  avatarUrl: null,
  createdAt: null,
  updatedAt: null,
  lastLoginAt: null,
  extensions: {},
};
const withoutPii = { ...egle, dateOfBirth: null, nationalId: null, address: null };
const row = (user: CanonicalUser, field: string, piiVisible = true) => keyFields(user, piiVisible).find((candidate) => candidate.field === field);

describe('user fields as people read them', () => {
  it('when the email is verified, then its row says so', () => {
    expect(row(egle, 'email')).toMatchObject({ text: 'egle.jankauskiene@example.com (verified)', state: 'value' });
  });

  it('when the address is known, then it reads as one line', () => {
    expect(row(egle, 'address')?.text).toBe('Gedimino pr. 1, LT-01103 Vilnius, LT');
  });

  it('when the token lacks users:pii, then the withheld fields read as hidden, not empty', () => {
    const hidden = keyFields(withoutPii, false).filter((candidate) => candidate.state === 'hidden');
    expect(hidden.map((candidate) => [candidate.field, candidate.text])).toEqual([
      ['dateOfBirth', HIDDEN_PII],
      ['nationalId', HIDDEN_PII],
      ['address', HIDDEN_PII],
    ]);
  });

  it('when the token has users:pii and a provider has no date of birth, then the field reads as missing', () => {
    expect(row(withoutPii, 'dateOfBirth')).toMatchObject({ text: MISSING, state: 'missing' });
  });

  it('when a field that is not PII is null, then it reads as missing whatever the scopes', () => {
    expect(row(egle, 'timezone', false)).toMatchObject({ text: MISSING, state: 'missing' });
  });

  it('when MFA is off, then its row says off rather than missing', () => {
    expect(row(egle, 'mfaEnabled')).toMatchObject({ text: 'off', state: 'value' });
  });

  it('when a provider has no name, then the card is headed by the email', () => {
    expect(displayName({ ...egle, name: { given: null, family: null, full: null } })).toBe('egle.jankauskiene@example.com');
  });

  it('when a connection is not named after its adapter, then the badge shows both', () => {
    expect(providerLabel({ connection: 'westpay-eu', provider: 'westpay' })).toBe('westpay-eu · westpay');
  });

  it('when a name or address part is placed on a card, then it goes to the heading or the one address row', () => {
    expect([cardField('name.full'), cardField('address.city'), cardField('timezone')]).toEqual(['name', 'address', 'timezone']);
  });

  it('when a card field or a field path is named, then it reads in words', () => {
    expect([fieldLabel('name'), fieldLabel('address'), fieldLabel('address.postalCode')]).toEqual(['Name', 'Address', 'Postal code']);
  });
});
