import Joi from 'joi';
import type { RebillyLegacyError, RebillyMfa, RebillyProblem, RebillyUser } from './types';

/**
 * Rebilly's response shapes (shared/providers/rebilly-users.openapi.yaml), in one place: every body
 * is validated against them before mapping. Unknown fields are tolerated by the validator.
 */
/**
 * The `resourceId` parameter: at most 50 characters of `^[@~\-\.\w]+$`, except `.` and `..`, which
 * the pattern allows but URL parsing would resolve into another path.
 */
export const REBILLY_USER_ID = /^(?!\.{1,2}$)[@~\-.\w]{1,50}$/;

const strings = Joi.array().items(Joi.string());
const nullableString = Joi.string().allow(null);

export const rebillyUserSchema = Joi.object<RebillyUser>({
  id: Joi.string().max(50).required(),
  email: Joi.string().required(),
  firstName: Joi.string().required(),
  lastName: Joi.string().required(),
  businessPhone: nullableString,
  mobilePhone: nullableString,
  permissions: strings,
  createdTime: Joi.string(),
  updatedTime: Joi.string(),
  loginTime: nullableString,
  reportingCurrency: Joi.string(),
  availableCurrencies: strings,
  totpRequired: Joi.boolean(),
  status: Joi.string(),
  country: Joi.string(),
  preferences: Joi.object().unknown(true).allow(null),
  roleIds: strings,
  allowedIps: strings.allow(null),
});

/** `GET /users`: a bare array (totals travel in the `Pagination-*` headers). */
export const rebillyUserListSchema = Joi.array<RebillyUser[]>().items(rebillyUserSchema);

/** Enum values are checked by the mapper (an unknown one becomes null), not here. */
export const rebillyMfaSchema = Joi.object<RebillyMfa>({
  status: Joi.string().required(),
  type: nullableString,
  lastAuthTime: nullableString,
});

export const rebillyProblemSchema = Joi.object<RebillyProblem>({
  type: Joi.string(),
  title: Joi.string(),
  status: Joi.number().integer(),
  detail: Joi.string(),
  instance: Joi.string(),
  invalidFields: Joi.array().items(Joi.object({ field: Joi.string().required(), message: Joi.string() })),
});

export const rebillyLegacyErrorSchema = Joi.object<RebillyLegacyError>({
  error: Joi.string().required(),
  invalidFields: Joi.object().pattern(Joi.string(), Joi.string()),
});
