import Joi from 'joi';

/** The canonical user (DESIGN §2). Every field is always present; null where the provider has none. */
export const USER_STATUSES = ['active', 'inactive', 'pending', 'locked', 'deleted'] as const;
const VERIFICATION_LEVELS = ['none', 'basic', 'standard', 'full'] as const;
export const GENDERS = ['male', 'female'] as const;

export type UserStatus = (typeof USER_STATUSES)[number];
export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];
export type Gender = (typeof GENDERS)[number];

export interface PersonName {
  given: string | null;
  family: string | null;
  full: string | null;
}

export interface Address {
  line1: string | null;
  city: string | null;
  postalCode: string | null;
  state: string | null;
  country: string | null;
}

/** What an adapter's mapper produces: everything except the gateway-assigned identity fields. */
export interface ProviderUserFields {
  providerUserId: string;
  email: string | null;
  emailVerified: boolean | null;
  phone: string | null;
  name: PersonName;
  dateOfBirth: string | null;
  gender: Gender | null;
  nationality: string | null;
  nationalId: string | null;
  address: Address | null;
  status: UserStatus | null;
  verification: VerificationLevel | null;
  locale: string | null;
  timezone: string | null;
  mfaEnabled: boolean | null;
  avatarUrl: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  lastLoginAt: string | null;
  extensions: Record<string, unknown>;
}

export interface CanonicalUser extends ProviderUserFields {
  id: string;
  connection: string;
  provider: string;
}

/**
 * Keys that never leave the gateway, whatever a provider sends and wherever it sends them
 * (DESIGN §2): passwords and their hashes, TOTP secrets, social-login tokens, credentials.
 */
export const NEVER_RETURNED_KEYS = [
  'password',
  'pwd',
  'passwordHash',
  'password_hash',
  'passwordSalt',
  'password_salt',
  'salt',
  'totpSecret',
  'totpUrl',
  'snIdentifier',
  'snData',
  'computedPermissions',
  '_links',
  'macKey',
  'clientSecret',
  'apiKey',
  'requestToken',
  'accessToken',
  'refreshToken',
  'registrationCode',
] as const;

const NEVER_RETURNED = new Set<string>(NEVER_RETURNED_KEYS.map((key) => key.toLowerCase()));

export function isNeverReturned(key: string): boolean {
  return NEVER_RETURNED.has(key.toLowerCase());
}

/** A copy without never-returned keys at any depth (extensions may carry a provider's free-form data). */
export function withoutNeverReturned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNeverReturned);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !isNeverReturned(key))
      .map(([key, inner]) => [key, withoutNeverReturned(inner)]),
  );
}

/** A user with every optional field null; mappers fill in what the provider knows. */
export function blankUserFields(providerUserId: string): ProviderUserFields {
  return {
    providerUserId,
    email: null,
    emailVerified: null,
    phone: null,
    name: { given: null, family: null, full: null },
    dateOfBirth: null,
    gender: null,
    nationality: null,
    nationalId: null,
    address: null,
    status: null,
    verification: null,
    locale: null,
    timezone: null,
    mfaEnabled: null,
    avatarUrl: null,
    createdAt: null,
    updatedAt: null,
    lastLoginAt: null,
    extensions: {},
  };
}

const nullableString = Joi.string().allow(null).required();
const nullableBoolean = Joi.boolean().allow(null).required();
const isoDate = Joi.string().pattern(/^\d{4}-\d{2}-\d{2}$/);
const rfc3339Utc = Joi.string().pattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
const countryCode = Joi.string().pattern(/^[A-Z]{2}$/);
const e164 = Joi.string().pattern(/^\+[1-9]\d{6,14}$/);

export const personNameSchema = Joi.object({
  given: nullableString,
  family: nullableString,
  full: nullableString,
});

export const addressSchema = Joi.object({
  line1: nullableString,
  city: nullableString,
  postalCode: nullableString,
  state: nullableString,
  country: countryCode.allow(null).required(),
});

/** The outbound contract: what every response's user must satisfy (tests hold adapters to it). */
export const canonicalUserSchema = Joi.object<CanonicalUser>({
  id: Joi.string().required(),
  connection: Joi.string().required(),
  provider: Joi.string().required(),
  providerUserId: Joi.string().required(),
  email: nullableString,
  emailVerified: nullableBoolean,
  phone: e164.allow(null).required(),
  name: personNameSchema.required(),
  dateOfBirth: isoDate.allow(null).required(),
  gender: Joi.string()
    .valid(...GENDERS)
    .allow(null)
    .required(),
  nationality: countryCode.allow(null).required(),
  nationalId: nullableString,
  address: addressSchema.allow(null).required(),
  status: Joi.string()
    .valid(...USER_STATUSES)
    .allow(null)
    .required(),
  verification: Joi.string()
    .valid(...VERIFICATION_LEVELS)
    .allow(null)
    .required(),
  locale: Joi.string()
    .pattern(/^[a-z]{2,3}(-[a-z0-9]+)*$/)
    .allow(null)
    .required(),
  timezone: nullableString,
  mfaEnabled: nullableBoolean,
  avatarUrl: nullableString,
  createdAt: rfc3339Utc.allow(null).required(),
  updatedAt: rfc3339Utc.allow(null).required(),
  lastLoginAt: rfc3339Utc.allow(null).required(),
  extensions: Joi.object().unknown(true).required(),
});

export const canonicalFieldSchemas = { isoDate, rfc3339Utc, countryCode, e164 };
