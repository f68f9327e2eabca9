import Joi from 'joi';
import { documentedValues } from '../../src/contract/documented-values';
import type { PayabliCreated, PayabliEnvelope, PayabliErrorDetails, PayabliUser, PayabliUserList } from './types';

/**
 * Payabli's response shapes (keys in their documented spelling, see casing.ts): every body is
 * validated against one of these before it is mapped, and the contract checks compare a live API
 * with them. Unknown fields are tolerated, and so are values outside the documented sets (the
 * mapper turns those into null).
 */
const nullableString = Joi.string().allow(null, '');
const nullableInteger = Joi.number().integer().allow(null);

export const payabliUserSchema = Joi.object<PayabliUser>({
  userId: Joi.number().integer().required(),
  Email: nullableString,
  Name: nullableString,
  Phone: nullableString,
  snProvider: nullableString,
  snIdentifier: nullableString,
  snData: nullableString,
  Scope: Joi.array()
    .items(Joi.object({ orgType: nullableInteger, orgId: nullableInteger, orgEntry: nullableString }))
    .allow(null),
  Access: Joi.array()
    .items(Joi.object({ roleLabel: nullableString, roleValue: Joi.boolean().allow(null) }))
    .allow(null),
  // 1 active, 0 inactive, -99 deleted, 85 locked.
  UsrStatus: documentedValues(nullableInteger, [1, 0, -99, 85], 'mapped-to-null'),
  language: nullableString,
  timeZone: Joi.number().allow(null),
  UsrMFA: Joi.boolean().allow(null),
  UsrMFAMode: nullableInteger,
  createdAt: nullableString,
  lastAccess: nullableString,
  AdditionalData: Joi.alternatives(Joi.object().unknown(true), Joi.string().allow('')).allow(null),
});

export const payabliUserListSchema = Joi.object<PayabliUserList>({
  Records: Joi.array().items(payabliUserSchema).allow(null),
  Summary: Joi.object({
    pageIdentifier: nullableString,
    pageSize: nullableInteger,
    totalPages: nullableInteger,
    totalRecords: nullableInteger,
  }).allow(null),
});

/** Success envelopes: `isSuccess` is absent on delete. */
export const payabliEnvelopeSchema = Joi.object<PayabliEnvelope>({
  isSuccess: Joi.boolean().allow(null),
  responseText: nullableString,
  responseCode: Joi.alternatives(Joi.number().integer(), Joi.string()).allow(null),
  responseData: Joi.any(),
});

/** Create's envelope: `responseData` is the new user's id, or nothing, or any other string or number (see PayabliCreated). */
export const payabliCreatedSchema = payabliEnvelopeSchema.append<PayabliCreated>({
  responseData: Joi.alternatives(Joi.number(), Joi.string().allow('')).allow(null),
});

export const payabliErrorDetailsSchema = Joi.object<PayabliErrorDetails>({
  explanation: nullableString,
  todoAction: nullableString,
});

/** A rejection: `isSuccess: false`, a `responseText`, and the details (or nothing) in `responseData`. */
export const payabliFailureSchema = payabliEnvelopeSchema.keys({
  isSuccess: Joi.boolean().valid(false).required(),
  responseText: Joi.string().required(),
  responseData: payabliErrorDetailsSchema.allow(null),
});
