import Joi from 'joi';
import type { PayseraErrorBody, PayseraUser } from './types';

/**
 * Paysera's response shapes, in one place: the mapper validates every body against them and the
 * contract checks compare a live API with them. Unknown fields are tolerated by the validator.
 */
export const payseraUserSchema = Joi.object<PayseraUser>({
  id: Joi.number().integer().required(),
  email: Joi.string(),
  phone: Joi.string(),
  address: Joi.object({
    country: Joi.string(),
    city: Joi.string(),
    street: Joi.string(),
    post_index: Joi.string(),
  }),
  dob: Joi.string(),
  gender: Joi.string(),
  identity: Joi.object({
    name: Joi.string(),
    surname: Joi.string(),
    nationality: Joi.string(),
    code: Joi.string(),
  }),
  identification_level: Joi.string(),
  calculated_level: Joi.string(),
  type: Joi.string(),
  wallets: Joi.array().items(Joi.number().integer()),
  options: Joi.object({ default_currency: Joi.string() }),
  pep: Joi.array(),
  display_name: Joi.string(),
  company_code: Joi.string(),
  locale: Joi.string(),
});

export const payseraErrorSchema = Joi.object<PayseraErrorBody>({
  error: Joi.string().required(),
  error_description: Joi.string().allow(''),
  error_uri: Joi.string().allow(''),
  error_properties: Joi.any(),
});

export const payseraServerTimeSchema = Joi.object<{ time: number }>({ time: Joi.number().integer().required() });
