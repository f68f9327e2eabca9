import Joi from 'joi';
import { documentedValues } from '../../src/contract/documented-values';
import type {
  PayseraAddress,
  PayseraCreated,
  PayseraErrorBody,
  PayseraIdentity,
  PayseraPosition,
  PayseraPositionList,
  PayseraService,
  PayseraServices,
  PayseraUser,
  PayseraWallet,
} from './types';

/**
 * Paysera's response shapes, in one place: every body is validated against them before mapping,
 * and the contract checks compare a live API with them. Unknown fields are tolerated by the validator,
 * and so are values outside the documented sets (the mapper turns those into null).
 */
export const payseraAddressSchema = Joi.object<PayseraAddress>({
  country: Joi.string(),
  city: Joi.string(),
  street: Joi.string(),
  post_index: Joi.string(),
});

export const payseraIdentitySchema = Joi.object<PayseraIdentity>({
  name: Joi.string(),
  surname: Joi.string(),
  nationality: Joi.string(),
  code: Joi.string(),
});

const IDENTIFICATION_LEVELS = ['unidentified', 'semi_identified', 'basic_identified', 'identified', 'fully_identified'];

export const payseraUserSchema = Joi.object<PayseraUser>({
  id: Joi.number().integer().required(),
  email: Joi.string(),
  phone: Joi.string(),
  address: payseraAddressSchema,
  dob: Joi.string(),
  gender: documentedValues(Joi.string(), ['male', 'female'], 'mapped-to-null'),
  identity: payseraIdentitySchema,
  identification_level: documentedValues(Joi.string(), IDENTIFICATION_LEVELS, 'mapped-to-null'),
  calculated_level: documentedValues(Joi.string(), IDENTIFICATION_LEVELS, 'passed-through'),
  type: documentedValues(Joi.string(), ['natural', 'legal'], 'passed-through'),
  wallets: Joi.array().items(Joi.number().integer()),
  options: Joi.object({ default_currency: Joi.string() }),
  pep: Joi.array(),
  display_name: Joi.string(),
  company_code: Joi.string(),
  locale: Joi.string(),
  // Any value: the mapper passes a string on and reports anything else (its format is undocumented).
  deletion_request_at: Joi.any(),
});

/** NOTE: `/user/{id}/email` and `/user/{id}/phone` answer with a bare JSON string. */
export const payseraFieldStringSchema = Joi.string().required();

/** NOTE: a wallet may have no `account` (PHP `decodeWallet`); inside one, only `number` is unconditional (PHP `decodeAccount`). */
export const payseraWalletsSchema = Joi.array()
  .items(
    Joi.object<PayseraWallet>({
      id: Joi.number().integer().required(),
      owner: Joi.number().integer().required(),
      account: Joi.object({ number: Joi.string().required(), owner_display_name: Joi.string(), type: Joi.string(), ibans: Joi.array().items(Joi.string()) }),
    }),
  )
  .required();

export const payseraServiceSchema = Joi.object<PayseraService>({
  service: Joi.string().required(),
  status: Joi.string().required(),
  title: Joi.string().required(),
  actions: Joi.array().items(Joi.string()).required(),
  url: Joi.string(),
  added: Joi.number().integer(),
});

export const payseraServicesSchema = Joi.object<PayseraServices>({
  user_id: Joi.number().integer(),
  services: Joi.array().items(payseraServiceSchema).required(),
});

/**
 * A receipt as JSON. NOTE: Paysera documents this shape only for the sibling balance receipt
 * (developers.paysera.com/api/wallet/get-balance-receipt: `{"text": "Your balance: 22.99 EUR, 1.00 USD"}`,
 * same `locale`/`width` query); the user receipts have no documented answer.
 */
export const payseraReceiptSchema = Joi.object<{ text: string }>({ text: Joi.string().allow('').required() });

const position = {
  lat: Joi.number().min(-90).max(90).required(),
  lng: Joi.number().min(-180).max(180).required(),
  type: Joi.string(),
};

export const payseraPositionSchema = Joi.object<PayseraPosition>(position);

export const payseraPositionListSchema = Joi.object<PayseraPositionList>({
  positions: Joi.array()
    .items(Joi.object({ ...position, user_id: Joi.number().integer().required() }))
    .required(),
  _metadata: Joi.object({ total: Joi.number().integer(), offset: Joi.number().integer(), limit: Joi.number().integer() }).required(),
});

export const payseraCreatedSchema = Joi.object<PayseraCreated>({ id: Joi.number().integer().required() });

export const payseraErrorSchema = Joi.object<PayseraErrorBody>({
  error: Joi.string().required(),
  error_description: Joi.string().allow(''),
  error_uri: Joi.string().allow(''),
  error_properties: Joi.object(),
});

export const payseraServerTimeSchema = Joi.object<{ time: number }>({ time: Joi.number().integer().required() });
