import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { UserDraft, UserPatch } from '../../src/canonical/input';
import { blankUserFields, type ProviderUserFields, type UserStatus } from '../../src/canonical/user';
import type { MappingContext } from '../../src/connections/adapter';
import { e164, languageTag, orNull, utcTimestamp } from '../../src/provider-kit/normalise';
import { assertWritable, refuseFields, singleName } from '../../src/provider-kit/writable';
import type {
  PayabliAccess,
  PayabliAccessWrite,
  PayabliAdditionalData,
  PayabliNewUser,
  PayabliScope,
  PayabliScopeWrite,
  PayabliUser,
  PayabliUserWrite,
} from './types';

const text = orNull<string>;

/** Pure: a Payabli user (validated, keys in documented spelling) as canonical fields. */
export function toCanonicalUser(raw: PayabliUser, context: MappingContext, defaultRegion: CountryCode): ProviderUserFields {
  const user = blankUserFields(String(raw.userId));
  user.email = text(raw.Email);
  user.phone = fromPayabliPhone(raw.Phone, defaultRegion, context);
  // NOTE: Payabli keeps one name; given and family are never guessed from it.
  user.name = { given: null, family: null, full: text(raw.Name) };
  user.status = toStatus(raw.UsrStatus, context);
  user.locale = toLocale(raw.language, context);
  user.timezone = toUtcOffset(raw.timeZone, context);
  user.mfaEnabled = raw.UsrMFA ?? null;
  // NOTE: Payabli's timestamps are UTC, mostly without a zone, in two styles (`2022-07-01 15:00:01` and
  // `2022-07-01T15:00:01`); the SDKs' mock answers add one (node `…15:00:01Z`, C# `…15:00:01.000Z`).
  user.createdAt = utcTimestamp(raw.createdAt, 'createdAt', context);
  user.lastLoginAt = utcTimestamp(raw.lastAccess, 'lastAccess', context);
  // snIdentifier and snData (social-login tokens) are never mapped.
  user.extensions = {
    scope: raw.Scope?.map(toScope) ?? null,
    access: raw.Access?.map(toAccess) ?? null,
    socialProvider: text(raw.snProvider),
    additionalData: toAdditionalData(raw.AdditionalData, context),
    mfaMode: raw.UsrMFAMode ?? null,
  };
  return user;
}

export function toStatus(code: number | null | undefined, context: MappingContext): UserStatus | null {
  switch (code) {
    case undefined:
    case null:
      return null;
    case 1:
      return 'active';
    case 0:
      return 'inactive';
    case -99:
      return 'deleted';
    case 85:
      return 'locked';
    default:
      context.reportUnknown('UsrStatus', code);
      return null;
  }
}

/** NOTE: Payabli keeps phones as typed: national digits (`5555555555`) belong to the connection's defaultRegion. */
const fromPayabliPhone = (phone: string | null | undefined, defaultRegion: CountryCode, context: MappingContext) =>
  e164(phone, 'Phone', context, { defaultRegion });

const toLocale = (language: string | null | undefined, context: MappingContext) => languageTag(language, 'language', context);

/** Payabli's hour offset (`-5`) as `UTC-05:00`. */
export function toUtcOffset(hours: number | null | undefined, context: MappingContext): string | null {
  if (hours === null || hours === undefined) return null;
  if (Math.abs(hours) > 14) {
    context.reportUnknown('timeZone', hours);
    return null;
  }
  const minutes = Math.round(Math.abs(hours) * 60);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `UTC${hours < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** NOTE: `AdditionalData` arrives as an object or as a JSON string of one. */
function toAdditionalData(value: PayabliUser['AdditionalData'], context: MappingContext): Record<string, unknown> | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'object') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  context.reportUnknown('AdditionalData', 'not a JSON object');
  return null;
}

const toScope = (scope: PayabliScope) => ({ orgType: scope.orgType ?? null, orgId: scope.orgId ?? null, orgEntry: text(scope.orgEntry) });
const toAccess = (access: PayabliAccess) => ({ roleLabel: text(access.roleLabel), roleValue: access.roleValue ?? null });

// Writing.

/** Canonical fields Payabli can store; any other is refused, never dropped. */
const WRITABLE_FIELDS = ['email', 'phone', 'name', 'locale', 'timezone', 'status', 'mfaEnabled'];

export interface PayabliCreateOptions {
  scope?: PayabliScopeWrite[];
  access?: PayabliAccessWrite[];
  additionalData?: PayabliAdditionalData;
}

interface PayabliWriteSettings {
  defaultRegion: CountryCode;
  /** The connection's organization: the new user's scope when the client gives none. */
  orgId?: number;
}

/** `POST /User`'s camelCase body for a canonical draft. */
export function toPayabliNewUser(
  draft: UserDraft,
  password: string | undefined,
  options: PayabliCreateOptions,
  settings: PayabliWriteSettings,
): PayabliNewUser {
  refuseUnwritable(draft);
  if (!draft.email) refuse(['email'], 'Payabli creates a user with an email (its login)');
  const scope = options.scope ?? (settings.orgId === undefined ? undefined : [{ orgType: 0, orgId: settings.orgId }]);
  if (!scope) refuse(['options.scope'], "Payabli needs the new user's scope: pass options.scope or configure the connection's orgId");
  return withoutUndefined({
    email: draft.email,
    name: mapPresent(draft.name, (name) => singleName(name, 'Payabli') ?? undefined),
    phone: mapPresent(draft.phone, (phone) => toPayabliPhone(phone, settings.defaultRegion)),
    pwd: password,
    scope,
    access: options.access,
    usrStatus: mapPresent(draft.status, toUsrStatus) ?? undefined,
    timeZone: mapPresent(draft.timezone, toPayabliTimeZone),
    language: draft.locale,
    mfaData: draft.mfaEnabled === undefined ? undefined : { mfa: draft.mfaEnabled },
    additionalData: options.additionalData,
  });
}

/**
 * `PUT /User/{userId}`'s camelCase body for a merge patch.
 * NOTE: Payabli's update changes the fields it is sent (all optional) and clears those sent as null.
 */
export function toPayabliUpdate(patch: UserPatch, settings: PayabliWriteSettings): PayabliUserWrite {
  refuseUnwritable(patch);
  const cannotRemove = (['email', 'status', 'mfaEnabled'] as const).filter((field) => patch[field] === null);
  if (cannotRemove.length) refuse(cannotRemove, `Payabli cannot remove ${cannotRemove.join(', ')}, only change it`);
  return withoutUndefined({
    email: patch.email ?? undefined,
    name: mapPresent(patch.name, (name) => singleName(name, 'Payabli', true)),
    phone: mapPresent(patch.phone, (phone) => toPayabliPhone(phone, settings.defaultRegion)),
    usrStatus: mapPresent(patch.status, toUsrStatus) ?? undefined,
    timeZone: mapPresent(patch.timezone, toPayabliTimeZone),
    language: patch.locale,
    mfaData: typeof patch.mfaEnabled === 'boolean' ? { mfa: patch.mfaEnabled } : undefined,
  });
}

/** National digits for numbers of the defaultRegion's calling code (as Payabli shows them), else E.164. */
function toPayabliPhone(international: string, defaultRegion: CountryCode): string {
  const parsed = parsePhoneNumberFromString(international);
  return parsed?.countryCallingCode === getCountryCallingCode(defaultRegion) ? parsed.nationalNumber : international;
}

/** NOTE: Payabli writes take 0, 1 or 85 (responseCode 3006); removing a user is DELETE, and it has no "pending". */
function toUsrStatus(status: UserStatus): number {
  switch (status) {
    case 'active':
      return 1;
    case 'inactive':
      return 0;
    case 'locked':
      return 85;
    case 'pending':
    case 'deleted':
      return refuse(['status'], `Payabli cannot set a user's status to ${status}`);
  }
}

/** NOTE: Payabli stores a whole-hour offset from -12 to +12 (responseCode 3004), not a zone with daylight-saving rules. */
function toPayabliTimeZone(timezone: string): number {
  const match = /^UTC(?:([+-])(\d{2}):00)?$/.exec(timezone);
  const hours = match ? Number(`${match[1] ?? '+'}${match[2] ?? '0'}`) : NaN;
  if (!(Math.abs(hours) <= 12)) refuse(['timezone'], 'Payabli stores a time zone as a whole-hour offset from UTC-12:00 to UTC+12:00');
  return hours;
}

function refuseUnwritable(input: UserDraft | UserPatch): void {
  assertWritable(input, WRITABLE_FIELDS, 'Payabli');
}

function refuse(fields: readonly string[], message: string): never {
  return refuseFields(
    fields.map((field) => ({ field, message })),
    `${message}.`,
  );
}

/** Maps a value that is there; an absent (undefined) or removed (null) value stays as it is. */
function mapPresent<T, R>(value: T | null | undefined, map: (present: T) => R): R | null | undefined {
  if (value === null) return null;
  return value === undefined ? undefined : map(value);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}
