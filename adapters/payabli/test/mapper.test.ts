import { spawnSync } from 'node:child_process';
import { canonicalUserSchema } from '../../../src/canonical/user';
import type { MappingContext } from '../../../src/connections/adapter';
import { GatewayError } from '../../../src/errors';
import { withDocumentedKeys } from '../casing';
import sdkCsharpUser from '../fixtures/sdk-csharp-get-user-1000000.json';
import sdkNodeUser from '../fixtures/sdk-node-get-user-1000000.json';
import documented from '../fixtures/user-123.json';
import { utcTimestamp as toUtcTimestamp } from '../../../src/provider-kit/normalise';
import { toCanonicalUser, toPayabliNewUser, toPayabliUpdate, toStatus, toUtcOffset } from '../mapper';
import { payabliUserSchema } from '../schema';
import type { PayabliUser } from '../types';

const unknowns: Array<[string, unknown]> = [];
const context: MappingContext = { reportUnknown: (field, value) => unknowns.push([field, value]) };
const read = (raw: PayabliUser, region: 'US' | 'LT' = 'US') => toCanonicalUser(raw, context, region);
const asCanonical = (raw: PayabliUser) => ({ id: `payabli:${raw.userId}`, connection: 'payabli', provider: 'payabli', ...read(raw) });
const settings = { defaultRegion: 'US' as const, orgId: 123 };
beforeEach(() => {
  unknowns.length = 0;
});

describe('Payabli mapper, reading', () => {
  it("when given the Get user reference's example, then every field lands where the facts table says", () => {
    expect(payabliUserSchema.validate(documented).error).toBeUndefined();
    expect(read(documented as PayabliUser)).toEqual({
      providerUserId: '123',
      email: 'example@email.com',
      emailVerified: null,
      phone: '+15555555555',
      name: { given: null, family: null, full: 'Sean Smith' },
      dateOfBirth: null,
      gender: null,
      nationality: null,
      nationalId: null,
      address: null,
      status: 'active',
      verification: null,
      locale: 'en',
      timezone: 'UTC-05:00',
      mfaEnabled: false,
      avatarUrl: null,
      createdAt: '2022-07-01T15:00:01Z',
      updatedAt: null,
      lastLoginAt: '2022-07-01T15:00:01Z',
      extensions: {
        scope: [{ orgType: 0, orgId: 123, orgEntry: 'pilgrim-planner' }],
        access: [{ roleLabel: 'customers', roleValue: true }],
        socialProvider: 'google',
        additionalData: { key1: 'value1', key2: 'value2', key3: 'value3' },
        mfaMode: 0,
      },
    });
  });

  it('when every field but the id is null, then the user is valid canonical and extensions still carry every documented key', () => {
    const user = asCanonical({ userId: 9, Email: null, Name: null, Phone: null, UsrStatus: null, timeZone: null, createdAt: null, AdditionalData: null });
    expect(canonicalUserSchema.validate(user).error).toBeUndefined();
    expect(user.extensions).toEqual({ scope: null, access: null, socialProvider: null, additionalData: null, mfaMode: null });
  });

  it('when the social-login identifier and data are present, then neither is returned anywhere', () => {
    const user = read({ userId: 1, snProvider: 'google', snIdentifier: 'google-oauth2|1234', snData: '{"token":"secret"}' });
    expect(JSON.stringify(user)).not.toMatch(/snIdentifier|snData|google-oauth2|secret/);
  });

  it.each([
    [1, 'active'],
    [0, 'inactive'],
    [-99, 'deleted'],
    [85, 'locked'],
  ])('when UsrStatus is %s, then status is %s', (code, status) => {
    expect(toStatus(code, context)).toBe(status);
  });

  it('when UsrStatus is a value Payabli does not document, then status is null and the value is reported', () => {
    expect(toStatus(7, context)).toBeNull();
    expect(unknowns).toEqual([['UsrStatus', 7]]);
  });

  it('when createdAt is zone-less with a space, then it is read as UTC', () => {
    expect(toUtcTimestamp('2022-07-01 15:00:01', 'createdAt', context)).toBe('2022-07-01T15:00:01Z');
  });

  it('when lastAccess is zone-less with a T, then it is read as UTC', () => {
    expect(toUtcTimestamp('2022-07-01T15:00:01', 'lastAccess', context)).toBe('2022-07-01T15:00:01Z');
  });

  it("when the machine's TZ is America/New_York, then zone-less timestamps are still UTC", () => {
    // Jest hands each test file a copy of process.env, so the zone is set in a fresh Node process.
    const script = `
      const ts = require('typescript');
      require.extensions['.ts'] = (module, filename) => module._compile(ts.transpileModule(require('node:fs').readFileSync(filename, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      }).outputText, filename);
      process.env.TZ = 'America/New_York';
      const { utcTimestamp: toUtcTimestamp } = require(${JSON.stringify(require.resolve('../../../src/provider-kit/normalise'))});
      const context = { reportUnknown() {} };
      console.log(JSON.stringify({
        localReading: new Date('2022-07-01 15:00:01').toISOString(),
        createdAt: toUtcTimestamp('2022-07-01 15:00:01', 'createdAt', context),
        lastAccess: toUtcTimestamp('2022-07-01T15:00:01', 'lastAccess', context),
      }));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: __dirname });
    expect(JSON.parse(child.stdout)).toEqual({
      localReading: '2022-07-01T19:00:01.000Z',
      createdAt: '2022-07-01T15:00:01Z',
      lastAccess: '2022-07-01T15:00:01Z',
    });
  });

  it('when a timestamp carries a zone, then it is converted to UTC', () => {
    expect(toUtcTimestamp('2022-07-01T10:00:01-05:00', 'createdAt', context)).toBe('2022-07-01T15:00:01Z');
    expect(toUtcTimestamp('2022-07-01T15:00:01Z', 'createdAt', context)).toBe('2022-07-01T15:00:01Z');
  });

  // Four styles of one instant: the docs' two zone-less ones (fixtures/user-123.json) and the SDK mocks' (node `Z`, C# `.000Z`).
  it("when the docs' and the SDKs' mock answers give the same instant in four styles, then all map to one UTC timestamp", () => {
    const styles = [documented, sdkNodeUser, sdkCsharpUser].map((raw) => {
      expect(payabliUserSchema.validate(raw).error).toBeUndefined();
      const user = read(raw as PayabliUser);
      return [user.createdAt, user.lastLoginAt];
    });
    expect(styles.flat()).toEqual(Array(6).fill('2022-07-01T15:00:01Z'));
  });

  it("when the node SDK's mock sends AdditionalData as a plain string, then it is null and reported; the C# mock's object is kept", () => {
    expect(read(sdkNodeUser as PayabliUser).extensions.additionalData).toBeNull();
    expect(unknowns).toEqual([['AdditionalData', 'not a JSON object']]);
    expect(read(sdkCsharpUser as PayabliUser).extensions.additionalData).toEqual({ key1: 'value1', key2: 'value2' });
  });

  it('when AdditionalData holds an object value (the SDK type), then it is passed through as it is', () => {
    expect(read({ userId: 1, AdditionalData: { crm: { id: 'X1', tier: 2 }, note: 'plain' } }).extensions.additionalData).toEqual({
      crm: { id: 'X1', tier: 2 },
      note: 'plain',
    });
  });

  it('when a timestamp names a day that does not exist, then it is null and reported', () => {
    expect(toUtcTimestamp('2022-02-30 15:00:01', 'createdAt', context)).toBeNull();
    expect(unknowns).toEqual([['createdAt', 'unparseable timestamp']]);
  });

  it('when AdditionalData is a JSON string, then extensions.additionalData is the object', () => {
    expect(read({ userId: 1, AdditionalData: '{"department":"billing"}' }).extensions.additionalData).toEqual({ department: 'billing' });
  });

  it('when AdditionalData is a string that is not a JSON object, then it is null and reported', () => {
    expect(read({ userId: 1, AdditionalData: 'AdditionalData' }).extensions.additionalData).toBeNull();
    expect(unknowns).toEqual([['AdditionalData', 'not a JSON object']]);
  });

  it.each([
    [-5, 'UTC-05:00'],
    [0, 'UTC+00:00'],
    [12, 'UTC+12:00'],
    [5.5, 'UTC+05:30'],
  ])('when timeZone is %s, then timezone is %s', (offset, timezone) => {
    expect(toUtcOffset(offset, context)).toBe(timezone);
  });

  it.each([
    ['5555555555', 'US', '+15555555555'],
    ['(212) 555-0147', 'US', '+12125550147'],
    ['860012345', 'LT', '+37060012345'],
    ['+37060012345', 'US', '+37060012345'],
  ] as const)('when Phone is %s and defaultRegion is %s, then phone is %s', (phone, region, e164) => {
    expect(read({ userId: 1, Phone: phone }, region).phone).toBe(e164);
  });

  it('when Phone cannot be a number, then phone is null and only the fact is reported, never the value', () => {
    expect(read({ userId: 1, Phone: 'call me' }).phone).toBeNull();
    expect(unknowns).toEqual([['Phone', 'unparseable']]);
  });

  it('when the keys arrive in another casing, then they map exactly as the documented ones', () => {
    const shouted = JSON.parse(JSON.stringify(documented).replace(/"(\w+)":/g, (_match, key: string) => `"${key.toUpperCase()}":`));
    const { value, error } = payabliUserSchema.validate(withDocumentedKeys(shouted));
    expect(error).toBeUndefined();
    const withoutAdditionalData = (user: ReturnType<typeof read>) => ({ ...user, extensions: { ...user.extensions, additionalData: null } });
    expect(withoutAdditionalData(read(value as PayabliUser))).toEqual(withoutAdditionalData(read(documented as PayabliUser)));
  });

  it("when keys are given their documented spelling, then AdditionalData's own keys are left as they are", () => {
    expect(withDocumentedKeys({ additionaldata: { EMAIL: 'x', name: 'y' } })).toEqual({ AdditionalData: { EMAIL: 'x', name: 'y' } });
  });
});

describe('Payabli mapper, writing', () => {
  it('when creating, then the body is camelCase with Payabli forms of phone, time zone and status, and the connection scope', () => {
    const body = toPayabliNewUser(
      {
        email: 'new@example.com',
        name: { given: 'Ada', family: 'Lovelace' },
        phone: '+12125550147',
        timezone: 'UTC-05:00',
        status: 'locked',
        locale: 'es',
        mfaEnabled: true,
      },
      'Secret-Password-22',
      { access: [{ roleLabel: 'customers', roleValue: true }] },
      settings,
    );
    expect(body).toEqual({
      email: 'new@example.com',
      name: 'Ada Lovelace',
      phone: '2125550147',
      pwd: 'Secret-Password-22',
      scope: [{ orgType: 0, orgId: 123 }],
      access: [{ roleLabel: 'customers', roleValue: true }],
      usrStatus: 85,
      timeZone: -5,
      language: 'es',
      mfaData: { mfa: true },
    });
  });

  it("when the phone is not in the defaultRegion's calling code, then it is sent in E.164", () => {
    expect(toPayabliNewUser({ email: 'a@example.com', phone: '+37060012345' }, undefined, {}, settings).phone).toBe('+37060012345');
  });

  it('when creating without options.scope on a connection without orgId, then options.scope is refused as missing', () => {
    expect(() => toPayabliNewUser({ email: 'a@example.com' }, undefined, {}, { defaultRegion: 'US' })).toThrow(/options.scope/);
  });

  it('when a draft sets fields Payabli cannot store, then they are refused by name, not dropped', () => {
    try {
      toPayabliNewUser({ email: 'a@example.com', gender: 'female', dateOfBirth: '1990-01-01' }, undefined, {}, settings);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).extensions?.invalidFields).toEqual([
        { field: 'gender', message: 'Payabli cannot store this field' },
        { field: 'dateOfBirth', message: 'Payabli cannot store this field' },
      ]);
    }
  });

  it.each(['pending', 'deleted'] as const)('when the status to write is %s, then it is refused', (status) => {
    expect(() => toPayabliUpdate({ status }, settings)).toThrow(/status to/);
  });

  it.each(['Europe/Vilnius', 'UTC+05:30', 'UTC+13:00'])('when the time zone to write is %s, then it is refused', (timezone) => {
    expect(() => toPayabliUpdate({ timezone }, settings)).toThrow(/whole-hour offset/);
  });

  it('when a patch removes phone, name, locale and timezone, then each is sent as null', () => {
    expect(toPayabliUpdate({ phone: null, name: null, locale: null, timezone: null }, settings)).toEqual({
      phone: null,
      name: null,
      language: null,
      timeZone: null,
    });
  });

  it('when a patch changes only the given name, then it is refused (Payabli keeps one full name)', () => {
    expect(() => toPayabliUpdate({ name: { given: 'Marc' } }, settings)).toThrow(/one name/);
  });

  it('when name.full disagrees with the given and family names sent with it, then it is refused', () => {
    expect(() => toPayabliUpdate({ name: { full: 'A B', given: 'C', family: 'D' } }, settings)).toThrow(/one name/);
  });

  it('when a patch removes the email, then it is refused', () => {
    expect(() => toPayabliUpdate({ email: null }, settings)).toThrow(/cannot remove email/);
  });
});
