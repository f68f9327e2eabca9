import type { UserDraft, UserPatch } from '../../src/canonical/input';
import { blankUserFields, type Address, type PersonName, type ProviderUserFields, type VerificationLevel } from '../../src/canonical/user';
import type { MappingContext } from '../../src/connections/adapter';
import { GatewayError } from '../../src/errors';
import { e164, orNull, personName } from '../../src/provider-kit/normalise';
import { assertWritable, refuseFields } from '../../src/provider-kit/writable';
import type { PayseraAddress, PayseraCredentials, PayseraIdentity, PayseraIdentityUpdate, PayseraRegistration, PayseraUser } from './types';

/** Paysera's identification levels against the canonical verification scale (field mapping of docs/providers/paysera.md). */
export function toVerification(level: string | undefined, context: MappingContext): VerificationLevel | null {
  switch (level) {
    case undefined:
      return null;
    case 'unidentified':
      return 'none';
    case 'semi_identified':
    case 'basic_identified':
      return 'basic';
    case 'identified':
      return 'standard';
    case 'fully_identified':
      return 'full';
    default:
      context.reportUnknown('identification_level', level);
      return null;
  }
}

/** NOTE: Paysera phones are the country code and number without `00` or `+` (`37066612345`). */
export function fromPayseraPhone(phone: string | undefined, context: MappingContext): string | null {
  return e164(phone, 'phone', context, { withoutPlus: true });
}

export function toPayseraPhone(e164: string): string {
  return e164.replace(/^\+/, '');
}

const upper = (value: string | undefined) => (value ? value.toUpperCase() : null);

/** A Paysera identity's name (`display_name` wins for `full` when the user resource has one). */
export function toPersonName(identity: PayseraIdentity | undefined, displayName?: string): PersonName {
  return personName(identity?.name, identity?.surname, displayName);
}

export function toAddress(address: PayseraAddress): Address {
  return {
    line1: orNull(address.street),
    city: orNull(address.city),
    postalCode: orNull(address.post_index),
    state: null,
    country: upper(address.country),
  };
}

/** `/user/{id}/identity` in canonical words. */
export function toIdentity(identity: PayseraIdentity): { name: PersonName; nationality: string | null; nationalId: string | null } {
  return { name: toPersonName(identity), nationality: upper(identity.nationality), nationalId: orNull(identity.code) };
}

/** Pure: a Paysera user (already validated against its schema) as canonical fields. */
export function toCanonicalUser(raw: PayseraUser, context: MappingContext): ProviderUserFields {
  const user = blankUserFields(String(raw.id));
  user.email = orNull(raw.email);
  // NOTE: Paysera only ever returns a confirmed email ("verified email" in the User resource).
  user.emailVerified = user.email ? true : null;
  user.phone = fromPayseraPhone(raw.phone, context);
  user.name = toPersonName(raw.identity, raw.display_name);
  user.dateOfBirth = raw.dob && /^\d{4}-\d{2}-\d{2}$/.test(raw.dob) ? raw.dob : null;
  user.gender = raw.gender === 'male' || raw.gender === 'female' ? raw.gender : null;
  if (raw.gender !== undefined && user.gender === null) context.reportUnknown('gender', raw.gender);
  user.nationality = upper(raw.identity?.nationality);
  user.nationalId = orNull(raw.identity?.code);
  user.address = raw.address ? toAddress(raw.address) : null;
  user.verification = toVerification(raw.identification_level, context);
  user.locale = raw.locale ? raw.locale.toLowerCase() : null;
  user.extensions = {
    identificationLevel: orNull(raw.identification_level),
    calculatedLevel: orNull(raw.calculated_level),
    type: orNull(raw.type),
    wallets: raw.wallets ?? null,
    defaultCurrency: orNull(raw.options?.default_currency),
    pep: raw.pep ?? null,
    companyCode: orNull(raw.company_code),
    deletionRequestAt: toDeletionRequest(raw.deletion_request_at, context),
  };
  return user;
}

/** `deletion_request_at` as sent (its format is undocumented); anything but a non-empty string is null and reported. */
function toDeletionRequest(value: unknown, context: MappingContext): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  context.reportUnknown('deletion_request_at', typeof value);
  return null;
}

/** Canonical fields Paysera's registration takes; any other field is refused rather than dropped. */
const REGISTRATION_FIELDS = ['email', 'phone', 'locale', 'name', 'nationality', 'nationalId'];
/** Canonical fields "Provide identity" (`PUT /user/{id}`) can change. */
const IDENTITY_FIELDS = ['email', 'name', 'nationality', 'nationalId'];

export interface RegistrationOptions {
  migratedCredentials?: { passwordHash: string; passwordSalt: string; username?: string };
  phoneLink?: string;
  emailLink?: string;
}

export function toPayseraRegistration(draft: UserDraft, password: string | undefined, options: RegistrationOptions): PayseraRegistration {
  assertWritable(draft, REGISTRATION_FIELDS, 'Paysera');
  if (draft.name?.full !== undefined) refuse(['name.full'], 'registration');
  if (!draft.email && !draft.phone) {
    throw new GatewayError('invalid_request', 'Paysera registers a user with an email or a phone number.');
  }
  if (password && options.migratedCredentials) {
    throw new GatewayError('invalid_request', 'Give either password or options.migratedCredentials, not both.');
  }
  const registration: PayseraRegistration = {};
  if (draft.email) registration.email = draft.email;
  if (draft.phone) registration.phone = toPayseraPhone(draft.phone);
  if (draft.locale) registration.locale = draft.locale;
  const identity = toPayseraIdentity(draft);
  if (Object.keys(identity).length) registration.identity = identity;
  if (password) registration.credentials = { type: 'main-password', password };
  if (options.migratedCredentials) registration.credentials = toMigratedCredentials(options.migratedCredentials);
  if (options.phoneLink || options.emailLink) {
    registration.parameters = {
      ...(options.phoneLink && { phone_link: options.phoneLink }),
      ...(options.emailLink && { email_link: options.emailLink }),
    };
  }
  return registration;
}

function toMigratedCredentials(migrated: NonNullable<RegistrationOptions['migratedCredentials']>): PayseraCredentials {
  return {
    type: 'pre-salt-sha1-base64',
    password: migrated.passwordHash,
    password_salt: migrated.passwordSalt,
    ...(migrated.username && { username: migrated.username }),
  };
}

/** Refuses, before any call, a patch that "Provide identity" cannot carry out. */
export function assertIdentityPatch(patch: UserPatch): void {
  assertWritable(patch, IDENTITY_FIELDS, 'Paysera');
  if (patch.name?.full !== undefined) refuse(['name.full'], 'update');
  const removed = Object.entries({ email: patch.email, ...patch.name, nationality: patch.nationality, nationalId: patch.nationalId })
    .filter(([, value]) => value === null)
    .map(([key]) => key);
  if (patch.name === null) removed.push('name');
  if (removed.length) {
    throw new GatewayError('invalid_request', `Paysera cannot remove identity fields: ${removed.join(', ')}.`);
  }
}

/** A merge patch applied to the current user as one "Provide identity" body (Paysera replaces identity whole). */
export function toPayseraIdentityUpdate(current: PayseraUser, patch: UserPatch): PayseraIdentityUpdate {
  assertIdentityPatch(patch);
  const update: PayseraIdentityUpdate = {
    identity: {
      ...current.identity,
      ...toPayseraIdentity({
        name: { given: patch.name?.given ?? undefined, family: patch.name?.family ?? undefined },
        nationality: patch.nationality ?? undefined,
        nationalId: patch.nationalId ?? undefined,
      }),
    },
  };
  if (patch.email) update.email = patch.email;
  return update;
}

export function toPayseraIdentity(draft: Pick<UserDraft, 'name' | 'nationality' | 'nationalId'>) {
  return {
    ...(draft.name?.given && { name: draft.name.given }),
    ...(draft.name?.family && { surname: draft.name.family }),
    ...(draft.nationality && { nationality: draft.nationality.toLowerCase() }),
    ...(draft.nationalId && { code: draft.nationalId }),
  };
}

function refuse(fields: string[], what: string): never {
  return refuseFields(
    fields.map((field) => ({ field, message: `not writable at Paysera ${what}` })),
    `Paysera ${what} cannot set: ${fields.join(', ')}.`,
  );
}
