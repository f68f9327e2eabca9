import Joi from 'joi';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { GENDERS, USER_STATUSES, type Address, type Gender, type PersonName, type UserStatus } from './user';

/**
 * What clients may write. Unknown keys are rejected everywhere, so nothing a client sends
 * can slip into a provider's body unless a field here names it.
 */
export interface UserDraft {
  email?: string;
  phone?: string;
  name?: Partial<PersonName>;
  dateOfBirth?: string;
  gender?: Gender;
  nationality?: string;
  nationalId?: string;
  address?: Partial<Address>;
  locale?: string;
  timezone?: string;
  status?: UserStatus;
  mfaEnabled?: boolean;
}

/** JSON merge patch (RFC 7396) of canonical fields: null removes a value. */
export type UserPatch = {
  [K in keyof UserDraft]?: K extends 'name' | 'address'
    ? { [F in keyof NonNullable<UserDraft[K]>]?: NonNullable<UserDraft[K]>[F] | null } | null
    : UserDraft[K] | null;
};

export interface CreateUserRequest {
  connection: string;
  user: UserDraft;
  password?: string;
  /** Adapter-specific create options, validated by that adapter's own schema. */
  options?: Record<string, unknown>;
}

export const e164Phone = Joi.string()
  .max(20)
  .custom((value: string, helpers) => {
    const parsed = value.startsWith('+') ? parsePhoneNumberFromString(value) : undefined;
    if (!parsed?.isPossible()) return helpers.error('phone.e164');
    return parsed.number;
  })
  .messages({ 'phone.e164': '{{#label}} must be an international phone number in E.164 form, like +37066612345' });

/** `YYYY-MM-DD`, a real calendar day. NOTE: joi's `isoDate()` would rewrite it as a full timestamp. */
export const calendarDate = Joi.string()
  .pattern(/^\d{4}-\d{2}-\d{2}$/)
  .custom((value: string, helpers) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : helpers.error('string.pattern.base');
  })
  .messages({ 'string.pattern.base': '{{#label}} must be a calendar date in YYYY-MM-DD form' });

const upperCountry = Joi.string()
  .length(2)
  .pattern(/^[a-zA-Z]{2}$/)
  .uppercase();
/**
 * No control characters (C0, DEL, C1) in text a person reads: a name holding an escape sequence or
 * a line break would act on the terminals and logs that show it. The message never repeats the value.
 */
const CONTROL = /\p{Cc}/u;
const text = (max: number) =>
  Joi.string()
    .trim()
    .min(1)
    .max(max)
    .custom((value: string, helpers) => (CONTROL.test(value) ? helpers.error('string.control') : value))
    .messages({ 'string.control': '{{#label}} must not contain control characters' });

const fields = {
  email: Joi.string().email({ tlds: false }).max(254),
  phone: e164Phone,
  dateOfBirth: calendarDate,
  gender: Joi.string().valid(...GENDERS),
  nationality: upperCountry,
  nationalId: text(64),
  locale: Joi.string()
    .pattern(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/)
    .lowercase(),
  timezone: text(64),
  status: Joi.string().valid(...USER_STATUSES),
  mfaEnabled: Joi.boolean(),
};

const nameFields = { given: text(100), family: text(100), full: text(200) };
const addressFields = { line1: text(200), city: text(100), postalCode: text(20), state: text(100), country: upperCountry };

export const userDraftSchema = Joi.object<UserDraft>({
  ...fields,
  name: Joi.object(nameFields),
  address: Joi.object(addressFields),
}).unknown(false);

const nullable = (schemas: Record<string, Joi.Schema>) => Object.fromEntries(Object.entries(schemas).map(([key, schema]) => [key, schema.allow(null)]));

export const userPatchSchema = Joi.object<UserPatch>({
  ...nullable(fields),
  // `{ "name": {} }` would change nothing, yet reach the provider: like an empty patch, it is refused.
  name: Joi.object(nullable(nameFields)).min(1).allow(null),
  address: Joi.object(nullable(addressFields)).min(1).allow(null),
})
  .min(1)
  .unknown(false)
  .messages({ 'object.min': 'the patch must change at least one field' });

export const createUserRequestSchema = Joi.object<CreateUserRequest>({
  connection: Joi.string().required(),
  user: userDraftSchema.required(),
  password: Joi.string().min(8).max(256),
  options: Joi.object().unknown(true),
}).unknown(false);

/** The canonical field paths a patch touches (`name.given`, `email`, ...), for error messages and audit. */
export function patchedFields(patch: UserPatch): string[] {
  return Object.entries(patch).flatMap(([key, value]) =>
    (key === 'name' || key === 'address') && value !== null && typeof value === 'object' ? Object.keys(value).map((sub) => `${key}.${sub}`) : [key],
  );
}
