import Joi from 'joi';
import type { WiseAuthErrorBody, WiseContactEmail, WiseErrorsBody, WiseExists, WiseServerErrorBody, WiseTokenResponse, WiseUser } from './types';

/**
 * Wise's response shapes, in one place: every body is validated against them before mapping.
 * Unknown fields are tolerated by the validator; Wise sends `""` for many empty strings.
 */
const text = Joi.string().allow('');

export const wiseUserSchema = Joi.object<WiseUser>({
  id: Joi.number().integer().positive().required(),
  name: text.allow(null),
  email: text,
  active: Joi.boolean(),
  details: Joi.object({
    firstName: text,
    lastName: text,
    phoneNumber: text,
    dateOfBirth: text,
    occupation: text,
    avatar: text,
    primaryAddress: Joi.number().integer().allow(null),
    address: Joi.object({
      countryCode: text,
      firstLine: text,
      postCode: text,
      city: text,
      state: text,
      occupation: text,
    }),
  }).allow(null),
});

export const wiseExistsSchema = Joi.object<WiseExists>({ exists: Joi.boolean().required() });

export const wiseContactEmailSchema = Joi.object<WiseContactEmail>({ email: Joi.string().allow(null).required() });

/** NOTE: no field but the token is required in Wise's spec; the token endpoint also refuses an answer with no expiry. */
export const wiseTokenSchema = Joi.object<WiseTokenResponse>({
  access_token: Joi.string().required(),
  token_type: Joi.string(),
  expires_in: Joi.number().positive(),
  expires_at: Joi.string(),
  refresh_token: Joi.string(),
  refresh_token_expires_in: Joi.number().positive(),
  refresh_token_expires_at: Joi.string(),
  scope: Joi.string(),
  created_at: Joi.string(),
});

export const wiseErrorsSchema = Joi.object<WiseErrorsBody>({
  errors: Joi.array()
    .items(Joi.object({ code: Joi.string().required(), message: Joi.string(), path: Joi.string(), arguments: Joi.array() }))
    .min(1)
    .required(),
});

export const wiseAuthErrorSchema = Joi.object<WiseAuthErrorBody>({
  error: Joi.string().required(),
  error_description: Joi.string().allow(''),
});

export const wiseServerErrorSchema = Joi.object<WiseServerErrorBody>({
  timestamp: Joi.string().required(),
  status: Joi.number().integer().required(),
  error: Joi.string().required(),
  exception: Joi.string(),
  message: Joi.string().allow(''),
  path: Joi.string(),
});
