import type { CountryCode } from 'libphonenumber-js';
import { patchedFields, type UserDraft, type UserPatch } from '../../src/canonical/input';
import { blankUserFields, type ProviderUserFields, type UserStatus } from '../../src/canonical/user';
import type { MappingContext } from '../../src/connections/adapter';
import { countryCode, e164, languageTag, orNull, personName, utcTimestamp } from '../../src/provider-kit/normalise';
import { refuseFields, type InvalidField } from '../../src/provider-kit/writable';
import type { RebillyMfa, RebillyUser, RebillyUserInput } from './types';

export interface RebillyMappingContext extends MappingContext {
  /** Where national phone numbers are read (connection option `defaultRegion`). */
  defaultRegion?: CountryCode;
}

/** Rebilly's user statuses against the canonical ones (field mapping of docs/providers/rebilly.md). */
export function toStatus(status: string | undefined, context: MappingContext): UserStatus | null {
  switch (status) {
    case undefined:
      return null;
    case 'active':
      return 'active';
    case 'inactive':
      return 'inactive';
    case 'pending-confirmation':
      return 'pending';
    default:
      context.reportUnknown('status', status);
      return null;
  }
}

/** NOTE: Rebilly phones are free-form: E.164, `00`-prefixed, or national (read in `defaultRegion`). */
const toE164 = (phone: string | null | undefined, context: RebillyMappingContext) => e164(phone, 'phone', context, { defaultRegion: context.defaultRegion });

/** `preferences.timezone` (a custom property): an IANA name, or an offset as `UTC±HH:MM`. */
export function toTimezone(value: unknown, context: MappingContext): string | null {
  if (value === undefined || value === null || value === '') return null;
  const offset = typeof value === 'string' ? /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})$/i.exec(value.trim()) : null;
  if (offset) {
    const [, sign = '', hours = '', minutes = ''] = offset;
    return `UTC${sign}${hours.padStart(2, '0')}:${minutes}`;
  }
  const zone = typeof value === 'string' ? ianaZone(value) : null;
  if (!zone) context.reportUnknown('preferences.timezone', value);
  return zone;
}

/** Zone names already checked: building an Intl.DateTimeFormat costs more than the rest of a mapping. */
const checkedZones = new Map<string, string | null>();

function ianaZone(name: string): string | null {
  let zone = checkedZones.get(name);
  if (zone === undefined) {
    try {
      zone = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      zone = null;
    }
    if (checkedZones.size < 1_000) checkedZones.set(name, zone);
  }
  return zone;
}

/** `preferences.language` (a custom property) as a lower-case BCP 47 tag (`en_US` → `en-us`). */
export const toLocale = (value: unknown, context: MappingContext) => languageTag(value, 'preferences.language', context);

/**
 * Pure: a Rebilly user (already validated against its schema) as canonical fields, with its MFA
 * when it was read (`GET /users/{id}/mfa`). Fields are picked one by one, so `password`,
 * `totpRequired`, `totpSecret`, `totpUrl`, `computedPermissions` and `_links` never leave nor
 * count, whatever Rebilly sends.
 */
export function toCanonicalUser(raw: RebillyUser, context: RebillyMappingContext, mfa?: RebillyMfa): ProviderUserFields {
  const user = blankUserFields(raw.id);
  const businessPhone = toE164(raw.businessPhone, context);
  const country = countryCode(raw.country, 'country', context);
  user.email = orNull(raw.email);
  user.phone = toE164(raw.mobilePhone, context) ?? businessPhone;
  user.name = personName(raw.firstName, raw.lastName);
  user.address = country ? { line1: null, city: null, postalCode: null, state: null, country } : null;
  user.status = toStatus(raw.status, context);
  user.locale = toLocale(raw.preferences?.language, context);
  user.timezone = toTimezone(raw.preferences?.timezone, context);
  // NOTE: the User resource says nothing of MFA any more (its `totpRequired` left the spec in 2023); ProfileMfa does.
  user.mfaEnabled = mfa ? toMfaEnabled(mfa, context) : null;
  user.createdAt = utcTimestamp(raw.createdTime, 'createdTime', context);
  user.updatedAt = utcTimestamp(raw.updatedTime, 'updatedTime', context);
  user.lastLoginAt = utcTimestamp(raw.loginTime, 'loginTime', context);
  user.extensions = {
    permissions: raw.permissions ?? null,
    roleIds: raw.roleIds ?? null,
    allowedIps: raw.allowedIps ?? null,
    reportingCurrency: orNull(raw.reportingCurrency),
    availableCurrencies: raw.availableCurrencies ?? null,
    businessPhone,
  };
  return user;
}

export interface MfaStatus {
  status: 'active' | 'inactive' | null;
  type: 'duo' | 'otp' | null;
  lastAuthTime: string | null;
}

/** ProfileMfa `status`: `active` or `inactive` (openapi/components/schemas/ProfileMfa.yaml); anything else is unknown. */
function toMfaEnabled(mfa: RebillyMfa, context: MappingContext): boolean | null {
  if (mfa.status === 'active') return true;
  if (mfa.status === 'inactive') return false;
  context.reportUnknown('mfa.status', mfa.status);
  return null;
}

/** `GET /users/{id}/mfa` without its links. */
export function toMfaStatus(raw: RebillyMfa, context: MappingContext): MfaStatus {
  const status = raw.status === 'active' || raw.status === 'inactive' ? raw.status : null;
  const type = raw.type === 'duo' || raw.type === 'otp' ? raw.type : null;
  if (status === null) context.reportUnknown('mfa.status', raw.status);
  if (type === null && raw.type !== null && raw.type !== undefined) context.reportUnknown('mfa.type', raw.type);
  return { status, type, lastAuthTime: utcTimestamp(raw.lastAuthTime, 'lastAuthTime', context) };
}

/** Canonical fields (as `patchedFields` names them) that Rebilly stores, with its length limits. */
const MAX_LENGTH: Record<string, number | undefined> = { email: 80, 'name.given': 45, 'name.family': 45, phone: 20 };
const WRITABLE = new Set(['email', 'phone', 'name.given', 'name.family', 'address.country', 'locale', 'timezone']);
const REQUIRED = ['email', 'name.given', 'name.family'];

function problemWith(field: string, value: unknown): string | undefined {
  // `address: null` removes the country, the only part of an address Rebilly stores.
  if (field === 'address' && value === null) return undefined;
  if (value === null && (field === 'name' || REQUIRED.includes(field))) return 'Rebilly requires this field';
  if (!WRITABLE.has(field)) return 'Rebilly cannot store this field';
  const max = MAX_LENGTH[field];
  if (max && typeof value === 'string' && (value.length < 1 || value.length > max)) return `must be 1 to ${max} characters at Rebilly`;
  return undefined;
}

function fieldProblems(input: UserDraft | UserPatch): InvalidField[] {
  return patchedFields(input).flatMap((field) => {
    const message = problemWith(field, valueAt(input, field));
    return message ? [{ field, message }] : [];
  });
}

function valueAt(input: object, field: string): unknown {
  return field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], input);
}

function refuse(problems: InvalidField[], what: string): never {
  return refuseFields(problems, `Rebilly cannot ${what} the user as asked: ${problems.map((problem) => problem.field).join(', ')}.`);
}

/** The body of `POST /users`, or a refusal naming every field Rebilly would not take. */
export function toRebillyNewUser(draft: UserDraft, password: string | undefined): RebillyUserInput {
  const missing = REQUIRED.filter((field) => !valueAt(draft, field)).map((field) => ({ field, message: 'Rebilly requires this field' }));
  const problems = [...missing, ...fieldProblems(draft)];
  // NOTE: `password` left the spec in 2023; Rebilly now emails new users a link to set one.
  if (password !== undefined) problems.push({ field: 'password', message: 'Rebilly no longer takes a password; it emails the user to set one' });
  const { email } = draft;
  const { given, family } = draft.name ?? {};
  // A missing required field is already among the problems; checking the values as well lets the body use them as present.
  if (problems.length || !email || !given || !family) refuse(problems, 'create');
  const preferences = withPreferences({}, draft);
  return {
    email,
    firstName: given,
    lastName: family,
    ...(draft.phone && { mobilePhone: draft.phone }),
    ...(draft.address?.country && { country: draft.address.country }),
    ...(Object.keys(preferences).length > 0 && { preferences }),
  };
}

/** Refuses, before any call, a patch Rebilly cannot store (unknown fields, removals of required ones, limits). */
export function assertStorablePatch(patch: UserPatch): void {
  const problems = fieldProblems(patch);
  if (problems.length) refuse(problems, 'update');
}

/**
 * A merge patch applied to the current user as one full `PUT /users/{id}` body: PUT replaces the
 * user, so every writable field the user has is sent back, changed or not.
 */
export function toRebillyUpdate(current: RebillyUser, patch: UserPatch): RebillyUserInput {
  assertStorablePatch(patch);
  const input = writableFieldsOf(current);
  if (patch.email) input.email = patch.email;
  if (patch.name?.given) input.firstName = patch.name.given;
  if (patch.name?.family) input.lastName = patch.name.family;
  if (patch.phone !== undefined) input.mobilePhone = patch.phone;
  // NOTE: the canonical phone is the mobile phone, else the business phone: removing it removes both.
  if (patch.phone === null) input.businessPhone = null;
  if (patch.address === null || patch.address?.country === null) delete input.country;
  else if (patch.address?.country) input.country = patch.address.country;
  if (patch.locale !== undefined || patch.timezone !== undefined) input.preferences = withPreferences(current.preferences ?? {}, patch);
  return input;
}

function writableFieldsOf(user: RebillyUser): RebillyUserInput {
  const { email, firstName, lastName, businessPhone, mobilePhone, permissions, country, preferences, roleIds, allowedIps } = user;
  const fields = { email, firstName, lastName, businessPhone, mobilePhone, permissions, country, preferences, roleIds, allowedIps };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as unknown as RebillyUserInput;
}

/** Rebilly keeps locale and timezone among its custom `preferences`; the other properties are kept. */
function withPreferences(current: Record<string, unknown>, changes: Pick<UserPatch, 'locale' | 'timezone'>): Record<string, unknown> {
  const preferences = new Map(Object.entries(current));
  for (const [field, key] of [
    ['locale', 'language'],
    ['timezone', 'timezone'],
  ] as const) {
    if (changes[field] === null) preferences.delete(key);
    else if (changes[field] !== undefined) preferences.set(key, changes[field]);
  }
  return Object.fromEntries(preferences);
}
