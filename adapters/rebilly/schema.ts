import Joi from 'joi';
import { documentedValues } from '../../src/contract/documented-values';
import type { RebillyLegacyError, RebillyMfa, RebillyNeverReturnedFields, RebillyProblem, RebillyUser } from './types';

/**
 * Rebilly's response shapes (docs/providers/rebilly-users.openapi.yaml), in one place: every body
 * is validated against them before mapping, and the contract checks compare a live API with them.
 * Unknown fields are tolerated by the validator, and so are values outside the documented sets
 * (the mapper turns those into null).
 */

/**
 * The `resourceId` parameter: at most 50 characters of `^[@~\-\.\w]+$`, except `.` and `..`, which
 * the pattern allows but URL parsing would resolve into another path.
 */
export const REBILLY_USER_ID = /^(?!\.{1,2}$)[@~\-.\w]{1,50}$/;

const strings = Joi.array().items(Joi.string());
const nullableString = Joi.string().allow(null);
const links = Joi.array().items(Joi.object({ href: Joi.string().required(), rel: Joi.string().required() }));

export const rebillyUserSchema = Joi.object<RebillyUser & RebillyNeverReturnedFields>({
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
  status: documentedValues(Joi.string(), ['active', 'inactive', 'pending-confirmation'], 'mapped-to-null'),
  country: Joi.string(),
  preferences: Joi.object().unknown(true).allow(null),
  roleIds: strings,
  allowedIps: strings.allow(null),
  // Sent by the 2022 API, never read nor returned (the seed shows them; see RebillyNeverReturnedFields).
  password: Joi.string(),
  totpRequired: Joi.boolean(),
  totpSecret: Joi.string(),
  totpUrl: Joi.string(),
  computedPermissions: strings,
  _links: links,
});

/** `GET /users`: a bare array (totals travel in the `Pagination-*` headers). */
export const rebillyUserListSchema = Joi.array<RebillyUser[]>().items(rebillyUserSchema);

export const rebillyMfaSchema = Joi.object<RebillyMfa>({
  status: documentedValues(Joi.string(), ['active', 'inactive'], 'mapped-to-null').required(),
  type: documentedValues(nullableString, ['duo', 'otp'], 'mapped-to-null'),
  lastAuthTime: nullableString,
  _links: links,
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

/** Any error answer: problem details (at least one member, as the spec's `BaseProblem`), or the older form. */
export const rebillyErrorSchema = Joi.alternatives(rebillyProblemSchema.min(1), rebillyLegacyErrorSchema);
