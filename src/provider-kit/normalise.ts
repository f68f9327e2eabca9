import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { PersonName } from '../canonical/user';
import type { MappingContext } from '../connections/adapter';

/**
 * The conversions every mapper needs (DESIGN §2, §6), written once: pure functions of a provider's
 * value that report what they cannot read (`MappingContext.reportUnknown`) and answer null for it.
 */

/** Absent or empty is null: providers send `""` for values they do not have. */
export function orNull<T>(value: T | null | undefined): T | null {
  return value === undefined || value === '' ? null : value;
}

/** Given and family joined, or null when neither is there. NOTE: never split the other way (DESIGN §2). */
export function fullName(given: string | null | undefined, family: string | null | undefined): string | null {
  return [given, family].filter(Boolean).join(' ') || null;
}

/** A canonical name: the provider's full name when it keeps one, else given and family joined. */
export function personName(given: string | null | undefined, family: string | null | undefined, full?: string | null): PersonName {
  const givenName = orNull(given);
  const familyName = orNull(family);
  return { given: givenName, family: familyName, full: orNull(full) ?? fullName(givenName, familyName) };
}

/** An ISO 3166-1 alpha-2 country in upper case; anything else is reported and null. */
export function countryCode(value: string | null | undefined, field: string, context: MappingContext): string | null {
  if (!value) return null;
  if (/^[a-z]{2}$/i.test(value.trim())) return value.trim().toUpperCase();
  context.reportUnknown(field, value);
  return null;
}

/** A lower-case BCP 47 tag (`en_US` → `en-us`); anything else is reported and null. */
export function languageTag(value: unknown, field: string, context: MappingContext): string | null {
  if (value === undefined || value === null || value === '') return null;
  const tag = typeof value === 'string' ? value.trim().replace(/_/g, '-').toLowerCase() : '';
  if (/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(tag)) return tag;
  context.reportUnknown(field, value);
  return null;
}

/** How a provider writes phone numbers it does not write in E.164. */
export interface PhoneReading {
  /** Where national numbers belong (the connection's `defaultRegion`). */
  defaultRegion?: CountryCode;
  /** The number is international without its `+` (`37066612345`). */
  withoutPlus?: boolean;
}

/** A phone number in E.164: `+…`, `00…`, or national in `defaultRegion`; unreadable numbers are reported (never their digits) and null. */
export function e164(value: string | null | undefined, field: string, context: MappingContext, reading: PhoneReading = {}): string | null {
  if (!value) return null;
  const trimmed = value.trim().replace(/^00/, '+');
  const international = reading.withoutPlus && !trimmed.startsWith('+') ? `+${trimmed}` : trimmed;
  const parsed = parsePhoneNumberFromString(international, reading.defaultRegion);
  if (parsed?.isPossible()) return parsed.number;
  context.reportUnknown(field, 'unparseable');
  return null;
}

/** RFC 3339 UTC with `Z` and whole seconds when the milliseconds are zero (`2024-05-01T09:30:00Z`). */
function rfc3339(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace('.000Z', 'Z');
}

/** Unix seconds (a `created: 1680893993`) as RFC 3339 UTC; a value that is no time is reported and null. */
export function fromUnixSeconds(value: number | null | undefined, field: string, context: MappingContext): string | null {
  if (value === null || value === undefined) return null;
  if (Number.isFinite(value) && Math.abs(value) <= 8.64e9) return rfc3339(value * 1000);
  context.reportUnknown(field, 'not a unix time');
  return null;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A provider timestamp as RFC 3339 UTC. NOTE: a timestamp without a zone is UTC (DESIGN §2), read
 * with explicit UTC arithmetic: `new Date()` would read it in the machine's local time. `T` or a
 * space between date and time; a day that does not exist is reported and null.
 */
export function utcTimestamp(value: string | null | undefined, field: string, context: MappingContext): string | null {
  if (!value) return null;
  const milliseconds = parseUtcMilliseconds(value.trim());
  if (milliseconds === undefined) {
    context.reportUnknown(field, 'unparseable timestamp');
    return null;
  }
  return rfc3339(milliseconds);
}

function parseUtcMilliseconds(value: string): number | undefined {
  const match = TIMESTAMP.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(wallClock);
  const exists = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!exists || hour > 23 || minute > 59 || second > 59) return undefined;
  const milliseconds = Math.floor(Number(`0${match[7] ?? ''}`) * 1000);
  return wallClock + milliseconds - zoneOffsetMinutes(match[8]) * 60_000;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return zone.startsWith('-') ? -minutes : minutes;
}
