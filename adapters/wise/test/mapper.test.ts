import { canonicalUserSchema } from '../../../src/canonical/user';
import type { MappingContext } from '../../../src/connections/adapter';
import { GatewayError } from '../../../src/errors';
import documentedSignup from '../fixtures/signup-12345.json';
import documentedUser from '../fixtures/user-101.json';
import { languageForLocale, toCanonicalUser, toWiseSignup } from '../mapper';
import { wiseUserSchema } from '../schema';
import type { WiseUser } from '../types';

const unknowns: Array<[string, unknown]> = [];
const context: MappingContext = { reportUnknown: (field, value) => unknowns.push([field, value]) };
const asCanonical = (raw: WiseUser) => ({ id: `wise:${raw.id}`, connection: 'wise', provider: 'wise', ...toCanonicalUser(raw, context) });

describe('Wise mapper, reading', () => {
  beforeEach(() => {
    unknowns.length = 0;
  });

  it("when given the User resource's documented example, then every field lands where the facts table says and empty strings are null", () => {
    expect(wiseUserSchema.validate(documentedUser).error).toBeUndefined();
    expect(toCanonicalUser(documentedUser, context)).toEqual({
      providerUserId: '101',
      email: 'person@example.com',
      emailVerified: null,
      phone: '+37111111111',
      name: { given: 'Example', family: 'Person', full: 'Example Person' },
      dateOfBirth: '1977-01-01',
      gender: null,
      nationality: null,
      nationalId: null,
      address: { line1: 'Road 123', city: 'Tallinn', postalCode: '11111', state: null, country: 'EE' },
      status: 'active',
      verification: null,
      locale: null,
      timezone: null,
      mfaEnabled: null,
      avatarUrl: 'https://lh6.googleusercontent.com/photo.jpg',
      createdAt: null,
      updatedAt: null,
      lastLoginAt: null,
      extensions: { occupation: null, addressOccupation: null, primaryAddressId: 111 },
    });
  });

  it('when the user has just signed up (name and details null), then a valid canonical user with an empty name comes back', () => {
    expect(wiseUserSchema.validate(documentedSignup).error).toBeUndefined();
    const user = asCanonical(documentedSignup);
    expect(canonicalUserSchema.validate(user).error).toBeUndefined();
    expect(user).toMatchObject({
      email: 'new.user@domain.com',
      name: { given: null, family: null, full: null },
      phone: null,
      address: null,
      status: 'active',
      extensions: { occupation: null, addressOccupation: null, primaryAddressId: null },
    });
  });

  // wise-users.openapi.yaml L409-411 (`details.occupation`) and L446-448 (`details.address.occupation`, "Required for US, CA, JP").
  it("when a US user has only the address's occupation, then it lands in extensions.addressOccupation and occupation stays null", () => {
    const user = { id: 1, details: { occupation: '', address: { countryCode: 'US', state: 'CA', occupation: 'Software engineer' } } };
    expect(wiseUserSchema.validate(user).error).toBeUndefined();
    expect(toCanonicalUser(user, context).extensions).toEqual({ occupation: null, addressOccupation: 'Software engineer', primaryAddressId: null });
  });

  it('when name is empty but the details carry first and last name, then full is derived from them', () => {
    expect(toCanonicalUser({ id: 1, name: '', details: { firstName: 'Morgan', lastName: 'Lee' } }, context).name).toEqual({
      given: 'Morgan',
      family: 'Lee',
      full: 'Morgan Lee',
    });
  });

  it('when only a full name is known, then given and family are not guessed from it', () => {
    expect(toCanonicalUser({ id: 1, name: 'Example Person', details: null }, context).name).toEqual({ given: null, family: null, full: 'Example Person' });
  });

  it('when the user is not active, then status is inactive', () => {
    expect(toCanonicalUser({ id: 1, active: false }, context).status).toBe('inactive');
  });

  it('when the phone or date of birth cannot be read, then they are null and reported, never thrown', () => {
    const user = toCanonicalUser({ id: 1, details: { phoneNumber: 'call me', dateOfBirth: '21/04/1988' } }, context);
    expect(user.phone).toBeNull();
    expect(user.dateOfBirth).toBeNull();
    expect(unknowns.map(([field]) => field)).toEqual(['details.phoneNumber', 'details.dateOfBirth']);
  });

  it('when the address country is lower case, then it is upper-cased', () => {
    expect(toCanonicalUser({ id: 1, details: { address: { countryCode: 'lt' } } }, context).address?.country).toBe('LT');
  });
});

describe('Wise mapper, signup', () => {
  it.each([
    ['en', 'EN'],
    ['en-US', 'US'],
    ['en-GB', 'EN'],
    ['pt-br', 'PT'],
    ['zh-HK', 'HK'],
    ['ja', 'JA'],
  ])('when the locale is %s, then the Wise language is %s', (locale, language) => {
    expect(languageForLocale(locale)).toBe(language);
  });

  it.each(['lt', 'zh', 'us', 'hk'])('when the locale is %s, then Wise has no language for it', (locale) => {
    expect(languageForLocale(locale)).toBeUndefined();
  });

  it('when the draft has an email and a mappable locale, then the body carries the email and the derived language', () => {
    expect(toWiseSignup({ email: 'a@example.com', locale: 'de' }, undefined)).toEqual({ email: 'a@example.com', language: 'DE' });
  });

  it('when only options.language is given, then it is sent as is', () => {
    expect(toWiseSignup({ email: 'a@example.com' }, undefined, 'US')).toEqual({ email: 'a@example.com', language: 'US' });
  });

  it('when the locale has no Wise language, then it is refused rather than dropped', () => {
    expect(() => toWiseSignup({ email: 'a@example.com', locale: 'lt' }, undefined, 'EN')).toThrow(/no UI language for locale "lt"/);
  });

  it('when the locale and options.language disagree, then it is refused', () => {
    expect(() => toWiseSignup({ email: 'a@example.com', locale: 'fr' }, undefined, 'DE')).toThrow(/disagree/);
  });

  it('when the draft sets fields Wise signup cannot store, then every one of them is named', () => {
    let refused: GatewayError | undefined;
    try {
      toWiseSignup({ email: 'a@example.com', name: { given: 'A' }, phone: '+37060012345' }, 'secretPassword22');
    } catch (error) {
      refused = error as GatewayError;
    }
    expect(refused?.code).toBe('invalid_request');
    expect(refused?.extensions?.invalidFields).toEqual([
      { field: 'name', message: 'not writable at Wise signup' },
      { field: 'phone', message: 'not writable at Wise signup' },
      { field: 'password', message: 'not writable at Wise signup' },
    ]);
  });

  it('when the draft has no email, then it is refused', () => {
    expect(() => toWiseSignup({ locale: 'en' }, undefined)).toThrow(/from an email/);
  });
});
