import { canonicalUserSchema } from '../../../src/canonical/user';
import type { MappingContext } from '../../../src/connections/adapter';
import { GatewayError } from '../../../src/errors';
import documented from '../fixtures/user-221.json';
import { toCanonicalUser, toPayseraIdentityUpdate, toPayseraRegistration, toVerification } from '../mapper';
import { payseraUserSchema } from '../schema';
import type { PayseraUser } from '../types';

const unknowns: Array<[string, unknown]> = [];
const context: MappingContext = { reportUnknown: (field, value) => unknowns.push([field, value]) };
const asCanonical = (raw: PayseraUser) => ({ id: `paysera:${raw.id}`, connection: 'paysera', provider: 'paysera', ...toCanonicalUser(raw, context) });

describe('Paysera mapper, reading', () => {
  it("when given the User resource's documented example, then every field lands where the facts table says", () => {
    expect(payseraUserSchema.validate(documented).error).toBeUndefined();
    expect(toCanonicalUser(documented as PayseraUser, context)).toEqual({
      providerUserId: '221',
      email: 'something@example.com',
      emailVerified: true,
      phone: '+37066612345',
      name: { given: 'John', family: 'Smith', full: 'John Smith' },
      dateOfBirth: '1910-01-23',
      gender: 'male',
      nationality: 'LT',
      nationalId: '31001230000',
      address: { line1: 'Lauko g. 1', city: 'Vilnius', postalCode: 'LT-11111', state: null, country: 'LT' },
      status: null,
      verification: 'full',
      locale: null,
      timezone: null,
      mfaEnabled: null,
      avatarUrl: null,
      createdAt: null,
      updatedAt: null,
      lastLoginAt: null,
      extensions: {
        identificationLevel: 'fully_identified',
        calculatedLevel: null,
        type: null,
        wallets: [14471],
        defaultCurrency: 'EUR',
        pep: null,
        companyCode: null,
        deletionRequestAt: null,
      },
    });
  });

  it('when only the id is present, then every other canonical field is null and the result is still a valid canonical user', () => {
    const user = asCanonical({ id: 7 });
    expect(canonicalUserSchema.validate(user).error).toBeUndefined();
    expect(user.email).toBeNull();
    expect(user.emailVerified).toBeNull();
    expect(user.name).toEqual({ given: null, family: null, full: null });
    expect(user.address).toBeNull();
    expect(user.verification).toBeNull();
  });

  it('when display_name is present, then it is the full name; otherwise full is derived and given/family are never guessed', () => {
    expect(toCanonicalUser({ id: 1, display_name: 'UAB „Pavyzdys“' }, context).name).toEqual({ given: null, family: null, full: 'UAB „Pavyzdys“' });
    expect(toCanonicalUser({ id: 1, identity: { surname: 'Ångström' } }, context).name).toEqual({ given: null, family: 'Ångström', full: 'Ångström' });
  });

  it.each([
    ['unidentified', 'none'],
    ['semi_identified', 'basic'],
    ['basic_identified', 'basic'],
    ['identified', 'standard'],
    ['fully_identified', 'full'],
  ])('when identification_level is %s, then verification is %s', (level, verification) => {
    expect(toVerification(level, context)).toBe(verification);
  });

  it('when identification_level is unknown, then verification is null, the raw value is kept and the value is reported', () => {
    unknowns.length = 0;
    const user = toCanonicalUser({ id: 1, identification_level: 'super_identified' }, context);
    expect(user.verification).toBeNull();
    expect(user.extensions.identificationLevel).toBe('super_identified');
    expect(unknowns).toEqual([['identification_level', 'super_identified']]);
  });

  it('when the legal-entity fields and locale are present, then they map to extensions and a lower-case locale', () => {
    const user = toCanonicalUser({ id: 1, type: 'legal', company_code: '300123456', calculated_level: 'identified', pep: [], locale: 'LT' }, context);
    expect(user.extensions).toMatchObject({ type: 'legal', companyCode: '300123456', calculatedLevel: 'identified', pep: [] });
    expect(user.locale).toBe('lt');
  });
});

describe('Paysera mapper, writing', () => {
  it('when registering with a password, then the body uses main-password credentials and Paysera phone/nationality forms', () => {
    expect(
      toPayseraRegistration(
        { email: 'a@example.com', phone: '+37066612345', locale: 'lt', name: { given: 'John', family: 'Smith' }, nationality: 'LT', nationalId: '31001010000' },
        'secretPassword22',
        { phoneLink: 'myapp://phone_confirmation/{code}' },
      ),
    ).toEqual({
      email: 'a@example.com',
      phone: '37066612345',
      locale: 'lt',
      identity: { name: 'John', surname: 'Smith', nationality: 'lt', code: '31001010000' },
      credentials: { type: 'main-password', password: 'secretPassword22' },
      parameters: { phone_link: 'myapp://phone_confirmation/{code}' },
    });
  });

  it('when registering a migrated user, then the body carries pre-salt-sha1-base64 credentials', () => {
    const registration = toPayseraRegistration({ email: 'm@example.com' }, undefined, {
      migratedCredentials: { passwordHash: 'aGFzaA==', passwordSalt: 'c2FsdA==', username: 'johnsm' },
    });
    expect(registration.credentials).toEqual({ type: 'pre-salt-sha1-base64', password: 'aGFzaA==', password_salt: 'c2FsdA==', username: 'johnsm' });
  });

  it('when a registration sets a field Paysera cannot take, then it is refused, not dropped', () => {
    expect(() => toPayseraRegistration({ email: 'a@example.com', dateOfBirth: '1990-01-01' }, undefined, {})).toThrow(GatewayError);
  });

  it('when a registration has neither email nor phone, then it is refused', () => {
    expect(() => toPayseraRegistration({ name: { given: 'A' } }, undefined, {})).toThrow(/email or a phone/);
  });

  it('when patching the family name, then the whole current identity is sent with that one change', () => {
    const current: PayseraUser = { id: 1, identity: { name: 'John', surname: 'Smith', nationality: 'lt', code: '31001010000' } };
    expect(toPayseraIdentityUpdate(current, { name: { family: 'Smithson' } })).toEqual({
      identity: { name: 'John', surname: 'Smithson', nationality: 'lt', code: '31001010000' },
    });
  });

  it('when a patch removes an identity field, then it is refused', () => {
    expect(() => toPayseraIdentityUpdate({ id: 1 }, { nationalId: null })).toThrow(/cannot remove/);
  });
});
