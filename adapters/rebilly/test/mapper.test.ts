import { canonicalUserSchema } from '../../../src/canonical/user';
import { GatewayError } from '../../../src/errors';
import { expectNoNeverReturnedKeys } from '../../../test/contract/suite';
import documented from '../fixtures/user-seed-example.json';
import { toCanonicalUser, toLocale, toMfaStatus, toRebillyNewUser, toRebillyUpdate, toStatus, toTimezone, type RebillyMappingContext } from '../mapper';
import { rebillyUserSchema } from '../schema';
import type { RebillyUser } from '../types';

const unknowns: Array<[string, unknown]> = [];
const context: RebillyMappingContext = { reportUnknown: (field, value) => unknowns.push([field, value]), defaultRegion: 'LT' };
const user = (fields: Partial<RebillyUser>): RebillyUser => ({ id: 'usr_1', email: 'a@example.com', firstName: 'A', lastName: 'B', ...fields });
const refusal = (run: () => unknown): Array<{ field: string; message: string }> => {
  try {
    run();
  } catch (error) {
    return (error as GatewayError).extensions?.invalidFields as Array<{ field: string; message: string }>;
  }
  throw new Error('expected a refusal');
};

beforeEach(() => {
  unknowns.length = 0;
});

describe('Rebilly mapper, reading', () => {
  it("when given GetUser's documented example, then every field lands where the facts table says", () => {
    expect(rebillyUserSchema.validate(documented, { allowUnknown: true }).error).toBeUndefined();
    expect(toCanonicalUser(documented, context)).toEqual({
      providerUserId: '4f6cf35x-2c4y-483z-a0a9-158621f77a21',
      email: 'user@example.com',
      emailVerified: null,
      phone: null,
      name: { given: 'string', family: 'string', full: 'string string' },
      dateOfBirth: null,
      gender: null,
      nationality: null,
      nationalId: null,
      address: null,
      status: 'active',
      verification: null,
      locale: null,
      timezone: null,
      mfaEnabled: null,
      avatarUrl: null,
      createdAt: '2019-08-24T14:15:22Z',
      updatedAt: '2019-08-24T14:15:22Z',
      lastLoginAt: '2019-08-24T14:15:22Z',
      extensions: {
        permissions: documented.permissions,
        roleIds: ['string'],
        allowedIps: documented.allowedIps,
        reportingCurrency: 'string',
        availableCurrencies: ['string'],
        businessPhone: null,
      },
    });
  });

  it("when given the documented example, then the sample's placeholder phones and country are reported, not thrown", () => {
    toCanonicalUser(documented, context);
    expect(unknowns).toEqual([
      ['phone', 'unparseable'],
      ['country', 'string'],
      ['phone', 'unparseable'],
    ]);
  });

  it('when Rebilly sends password, TOTP secrets, computed permissions and links, then none of them is mapped', () => {
    expectNoNeverReturnedKeys(toCanonicalUser(documented, context));
  });

  // totpRequired left User.yaml in Rebilly/api-definitions 567109d; ProfileMfa (GET /users/{id}/mfa) is where MFA lives.
  it('when the user body says totpRequired: true but no MFA was read, then mfaEnabled is null: the flag is not read', () => {
    expect(toCanonicalUser(user({ totpRequired: true } as Partial<RebillyUser>), context).mfaEnabled).toBeNull();
  });

  it.each([
    ['active', true],
    ['inactive', false],
  ])('when the MFA read says %s, then mfaEnabled is %s', (status, enabled) => {
    expect(toCanonicalUser(user({}), context, { status, type: 'otp', lastAuthTime: null }).mfaEnabled).toBe(enabled);
  });

  it('when the MFA read says a status ProfileMfa does not document, then mfaEnabled is null and the value is reported', () => {
    expect(toCanonicalUser(user({}), context, { status: 'enrolling' }).mfaEnabled).toBeNull();
    expect(unknowns).toEqual([['mfa.status', 'enrolling']]);
  });

  it('when a user has real values everywhere, then phone, country, preferences and times are normalised', () => {
    const mapped = toCanonicalUser(
      user({
        mobilePhone: '0037060012345',
        country: 'lt',
        preferences: { language: 'LT', timezone: 'europe/vilnius' },
        createdTime: '2025-01-02T03:04:05+02:00',
      }),
      context,
    );
    expect(mapped).toMatchObject({
      phone: '+37060012345',
      address: { line1: null, city: null, postalCode: null, state: null, country: 'LT' },
      locale: 'lt',
      timezone: 'Europe/Vilnius',
      createdAt: '2025-01-02T01:04:05Z',
    });
    expect(canonicalUserSchema.validate({ id: 'rebilly:usr_1', connection: 'rebilly', provider: 'rebilly', ...mapped }).error).toBeUndefined();
  });

  it('when only a business phone is present, then it is the phone and also extensions.businessPhone', () => {
    const mapped = toCanonicalUser(user({ businessPhone: '8 5 212 3456' }), context);
    expect(mapped.phone).toBe('+37052123456');
    expect(mapped.extensions.businessPhone).toBe('+37052123456');
  });

  it('when both phones are present, then the mobile phone wins', () => {
    expect(toCanonicalUser(user({ mobilePhone: '+37060012345', businessPhone: '+37052123456' }), context).phone).toBe('+37060012345');
  });

  it('when a phone is national and the connection has no default region, then it is null and reported', () => {
    expect(toCanonicalUser(user({ mobilePhone: '860012345' }), { reportUnknown: context.reportUnknown }).phone).toBeNull();
    expect(unknowns).toEqual([['phone', 'unparseable']]);
  });

  it('when only the required fields are present, then extensions still carry every documented key as null', () => {
    expect(toCanonicalUser(user({}), context).extensions).toEqual({
      permissions: null,
      roleIds: null,
      allowedIps: null,
      reportingCurrency: null,
      availableCurrencies: null,
      businessPhone: null,
    });
  });

  it('when a timestamp has no zone, then it is read as UTC', () => {
    expect(toCanonicalUser(user({ loginTime: '2021-06-30T16:59:41' }), context).lastLoginAt).toBe('2021-06-30T16:59:41Z');
  });

  it.each([
    ['active', 'active'],
    ['inactive', 'inactive'],
    ['pending-confirmation', 'pending'],
  ])('when status is %s, then the canonical status is %s', (status, canonical) => {
    expect(toStatus(status, context)).toBe(canonical);
  });

  it('when the status is unknown, then it is null and reported', () => {
    expect(toStatus('suspended', context)).toBeNull();
    expect(unknowns).toEqual([['status', 'suspended']]);
  });

  it.each([
    ['+02:00', 'UTC+02:00'],
    ['UTC-5:30', 'UTC-05:30'],
    ['America/New_York', 'America/New_York'],
  ])('when preferences.timezone is %s, then timezone is %s', (value, timezone) => {
    expect(toTimezone(value, context)).toBe(timezone);
  });

  it('when preferences hold values that are no timezone or language, then they are null and reported', () => {
    expect(toTimezone('Mars/Olympus', context)).toBeNull();
    expect(toLocale(42, context)).toBeNull();
    expect(unknowns).toEqual([
      ['preferences.timezone', 'Mars/Olympus'],
      ['preferences.language', 42],
    ]);
  });

  it('when preferences.language uses an underscore, then the locale is a lower-case BCP 47 tag', () => {
    expect(toLocale('en_US', context)).toBe('en-us');
  });

  it('when reading MFA, then links are dropped and the time is RFC 3339 UTC', () => {
    const raw = { status: 'active', type: 'otp', lastAuthTime: '2025-03-14T07:45:10+00:00', _links: [{ href: 'x', rel: 'self' }] };
    expect(toMfaStatus(raw, context)).toEqual({ status: 'active', type: 'otp', lastAuthTime: '2025-03-14T07:45:10Z' });
  });
});

describe('Rebilly mapper, writing', () => {
  it('when creating, then the body carries the required fields, mobile phone, country and preferences', () => {
    const draft = {
      email: 'a@example.com',
      phone: '+37060012345',
      name: { given: 'Eglė', family: 'J' },
      address: { country: 'LT' },
      locale: 'lt',
      timezone: 'Europe/Vilnius',
    };
    expect(toRebillyNewUser(draft, undefined)).toEqual({
      email: 'a@example.com',
      firstName: 'Eglė',
      lastName: 'J',
      mobilePhone: '+37060012345',
      country: 'LT',
      preferences: { language: 'lt', timezone: 'Europe/Vilnius' },
    });
  });

  it('when a required field is missing, then creating is refused naming it', () => {
    expect(refusal(() => toRebillyNewUser({ email: 'a@example.com', name: { given: 'A' } }, undefined))).toEqual([
      { field: 'name.family', message: 'Rebilly requires this field' },
    ]);
  });

  it('when a field is longer than Rebilly takes, then it is refused with the limit', () => {
    const email = `${'a'.repeat(75)}@x.com`;
    expect(refusal(() => toRebillyNewUser({ email, name: { given: 'x'.repeat(46), family: 'B' } }, undefined))).toEqual([
      { field: 'email', message: 'must be 1 to 80 characters at Rebilly' },
      { field: 'name.given', message: 'must be 1 to 45 characters at Rebilly' },
    ]);
  });

  it('when a draft sets fields Rebilly cannot store, or a password, then each is refused, not dropped', () => {
    const draft = { email: 'a@example.com', name: { given: 'A', family: 'B', full: 'A B' }, dateOfBirth: '1990-01-01', address: { city: 'Vilnius' } };
    expect(refusal(() => toRebillyNewUser(draft, 'secretPassword22')).map((invalid) => invalid.field)).toEqual([
      'name.full',
      'dateOfBirth',
      'address.city',
      'password',
    ]);
  });

  const current: RebillyUser & { password: string } = {
    ...user({ businessPhone: '+37052123456', mobilePhone: '+37060012345', permissions: ['*'], roleIds: ['rol_1'], allowedIps: null, country: 'LT' }),
    preferences: { language: 'lt', theme: 'dark' },
    status: 'active',
    createdTime: '2024-01-01T00:00:00Z',
    password: 'never-sent-back',
  };

  it('when patching one field, then PUT gets every writable field back and nothing read-only or secret', () => {
    expect(toRebillyUpdate(current, { name: { family: 'C' } })).toEqual({
      email: 'a@example.com',
      firstName: 'A',
      lastName: 'C',
      businessPhone: '+37052123456',
      mobilePhone: '+37060012345',
      permissions: ['*'],
      roleIds: ['rol_1'],
      allowedIps: null,
      country: 'LT',
      preferences: { language: 'lt', theme: 'dark' },
    });
  });

  it('when patching locale and timezone, then the other custom preferences are kept', () => {
    expect(toRebillyUpdate(current, { locale: null, timezone: 'Europe/Vilnius' }).preferences).toEqual({ theme: 'dark', timezone: 'Europe/Vilnius' });
  });

  it('when removing the phone, then both the mobile and the business phone are cleared', () => {
    expect(toRebillyUpdate(current, { phone: null })).toMatchObject({ mobilePhone: null, businessPhone: null });
  });

  it('when removing the address, then the country is left out of the PUT', () => {
    expect(toRebillyUpdate(current, { address: null })).not.toHaveProperty('country');
  });

  it('when a patch removes a required field, then it is refused', () => {
    expect(refusal(() => toRebillyUpdate(current, { email: null, name: null }))).toEqual([
      { field: 'email', message: 'Rebilly requires this field' },
      { field: 'name', message: 'Rebilly requires this field' },
    ]);
  });

  it('when a patch sets a field Rebilly cannot store, then it is refused as a GatewayError', () => {
    expect(() => toRebillyUpdate(current, { gender: 'female' })).toThrow(GatewayError);
  });
});
