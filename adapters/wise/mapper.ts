import type { UserDraft } from '../../src/canonical/input';
import { blankUserFields, type Address, type ProviderUserFields } from '../../src/canonical/user';
import type { MappingContext } from '../../src/connections/adapter';
import { GatewayError } from '../../src/errors';
import { e164, orNull, personName } from '../../src/provider-kit/normalise';
import { refuseFields } from '../../src/provider-kit/writable';
import { WISE_LANGUAGES, type WiseAddress, type WiseLanguage, type WiseSignup, type WiseUser } from './types';

// NOTE: Wise sends `""` for values it does not have; `orNull` makes them null.

function toDate(date: string | undefined, context: MappingContext): string | null {
  if (!date) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  context.reportUnknown('details.dateOfBirth', 'not YYYY-MM-DD');
  return null;
}

function toAddress(address: WiseAddress | undefined): Address | null {
  if (!address) return null;
  return {
    line1: orNull(address.firstLine),
    city: orNull(address.city),
    postalCode: orNull(address.postCode),
    state: orNull(address.state),
    country: address.countryCode ? address.countryCode.toUpperCase() : null,
  };
}

/** Pure: a Wise user (already validated against its schema) as canonical fields (field mapping of docs/providers/wise.md). */
export function toCanonicalUser(raw: WiseUser, context: MappingContext): ProviderUserFields {
  const user = blankUserFields(String(raw.id));
  const details = raw.details ?? undefined;
  user.email = orNull(raw.email);
  user.phone = e164(details?.phoneNumber, 'details.phoneNumber', context);
  user.name = personName(details?.firstName, details?.lastName, raw.name);
  user.dateOfBirth = toDate(details?.dateOfBirth, context);
  user.address = toAddress(details?.address);
  user.status = raw.active === undefined ? null : raw.active ? 'active' : 'inactive';
  user.avatarUrl = orNull(details?.avatar);
  // NOTE: Wise's spec has two occupations: `details.occupation` ("Person's occupation") and
  // `details.address.occupation` ("Required for US, CA, JP"); each keeps its own name, neither fills the other.
  user.extensions = {
    occupation: orNull(details?.occupation),
    addressOccupation: orNull(details?.address?.occupation),
    primaryAddressId: details?.primaryAddress ?? null,
  };
  return user;
}

/**
 * NOTE: Wise's UI languages are ISO 639-1 codes in upper case, except `US` (American English) and
 * `HK` (Chinese, Hong Kong), which name regions.
 */
export function languageForLocale(locale: string): WiseLanguage | undefined {
  const [language, ...rest] = locale.toLowerCase().split('-');
  const region = rest.at(-1);
  if (language === 'en' && region === 'us') return 'US';
  if (language === 'zh' && region === 'hk') return 'HK';
  const candidate = language?.toUpperCase();
  return WISE_LANGUAGES.find((known) => known === candidate && known !== 'US' && known !== 'HK');
}

/** What a client may add to a Wise create (`options` of `POST /v1/users`). */
export interface WiseCreateOptions {
  /** At least 32 characters; the gateway generates one when absent. Never logged or returned. */
  registrationCode?: string;
  language?: WiseLanguage;
}

/** Canonical fields Wise's signup stores: it keeps an email and a UI language, nothing else. */
const SIGNUP_FIELDS = new Set(['email', 'locale']);

/** The signup body without its registration code (the caller adds a fresh one); refuses what Wise would drop. */
export function toWiseSignup(draft: UserDraft, password: string | undefined, language?: WiseLanguage): Omit<WiseSignup, 'registrationCode'> {
  const refused = Object.keys(draft).filter((field) => !SIGNUP_FIELDS.has(field));
  if (password !== undefined) refused.push('password');
  if (refused.length) {
    refuseFields(
      refused.map((field) => ({ field, message: 'not writable at Wise signup' })),
      `Wise signup cannot set: ${refused.join(', ')}.`,
    );
  }
  if (!draft.email) throw new GatewayError('invalid_request', 'Wise creates a user from an email.');
  const chosen = signupLanguage(draft.locale, language);
  return chosen ? { email: draft.email, language: chosen } : { email: draft.email };
}

function signupLanguage(locale: string | undefined, chosen: WiseLanguage | undefined): WiseLanguage | undefined {
  if (locale === undefined) return chosen;
  const derived = languageForLocale(locale);
  if (!derived) {
    throw new GatewayError('invalid_request', `Wise has no UI language for locale "${locale}" (it has ${WISE_LANGUAGES.join(', ')}).`, {
      extensions: { invalidFields: [{ field: 'locale', message: 'no matching Wise language' }] },
    });
  }
  if (chosen && chosen !== derived) {
    throw new GatewayError('invalid_request', `locale "${locale}" and options.language "${chosen}" disagree.`);
  }
  return derived;
}
