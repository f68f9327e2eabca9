import Joi from 'joi';
import type { PayabliUser, PayabliUserWrite } from '../types';
import { invalidParameter, type PayabliFailure } from './envelope';

export interface SimulatedOrganization {
  orgId: number;
  entry: string;
}

/**
 * The `UserData` body of create and update. Only the documented camelCase keys are read: a body
 * written in the read casing (`Email`) sets nothing.
 */
const userDataSchema = Joi.object<PayabliUserWrite>({
  email: Joi.string().email({ tlds: false }).max(320),
  name: Joi.string().allow(null, ''),
  phone: Joi.string().allow(null, ''),
  pwd: Joi.string(),
  scope: Joi.array().items(Joi.object({ orgType: Joi.number().integer().required(), orgId: Joi.number().integer().required() })),
  access: Joi.array().items(Joi.object({ roleLabel: Joi.string().required(), roleValue: Joi.boolean().required() })),
  usrStatus: Joi.number().integer(),
  timeZone: Joi.number().allow(null),
  language: Joi.string().allow(null, ''),
  mfaData: Joi.object({ mfa: Joi.boolean().required(), mfaMode: Joi.number().integer() }),
  // NOTE: string values (the docs' example) or object values (the SDKs' `Record<string, Record<string, unknown>>`);
  // a value is at most 100 characters (node sdk `AdditionalData.d.ts`).
  additionalData: Joi.object().pattern(Joi.string(), Joi.alternatives(Joi.string().max(100), Joi.object())),
}).unknown(true);

/** Stand-in for Payabli's password policy, which its API reference does not spell out. */
const STRONG_PASSWORD = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{8,}$/;

export function checkUserData(body: unknown, creating: boolean): { data: PayabliUserWrite } | { problem: PayabliFailure } {
  const checked = userDataSchema.validate(body, { convert: false });
  if (checked.error) {
    const path = checked.error.details[0]?.path ?? [];
    return { problem: invalidParameter(`The value of ${path.length > 0 ? path.join('.') : 'the body'} is not valid.`) };
  }
  const problem = documentedProblem(checked.value, creating);
  return problem ? { problem } : { data: checked.value };
}

function documentedProblem(data: PayabliUserWrite, creating: boolean): PayabliFailure | undefined {
  if (creating && !data.email) return invalidParameter('email is required.');
  if (data.usrStatus !== undefined && ![0, 1, 85].includes(data.usrStatus)) {
    return { responseCode: 3006, responseText: 'Invalid user status', explanation: 'Provide a valid status value for user (either 0, 1, or 85).' };
  }
  if (data.timeZone != null && !(Number.isInteger(data.timeZone) && Math.abs(data.timeZone) <= 12)) {
    return { responseCode: 3004, responseText: 'Invalid TimeZone value', explanation: 'Provide a value between -12 and +12.' };
  }
  if (creating && !data.scope?.length) {
    return { responseCode: 3201, responseText: 'Empty scope array for user', explanation: 'Provide a valid scope for user.' };
  }
  if (data.pwd !== undefined && !STRONG_PASSWORD.test(data.pwd)) {
    return invalidParameter('The password needs at least 8 characters, with upper-case and lower-case letters and a digit.');
  }
  return undefined;
}

/** The stored (read-shaped) fields a valid body sets; a field sent as null is cleared. */
export function toStoredFields(data: PayabliUserWrite, organization: SimulatedOrganization): Partial<PayabliUser> {
  const fields: Partial<PayabliUser> = {};
  if (data.email !== undefined) fields.Email = data.email;
  if (data.name !== undefined) fields.Name = nullIfEmpty(data.name);
  if (data.phone !== undefined) fields.Phone = nullIfEmpty(data.phone);
  if (data.usrStatus !== undefined) fields.UsrStatus = data.usrStatus;
  if (data.timeZone !== undefined) fields.timeZone = data.timeZone ?? 0;
  if (data.language !== undefined) fields.language = nullIfEmpty(data.language);
  if (data.mfaData) Object.assign(fields, mfaFields(data.mfaData));
  if (data.access) fields.Access = data.access;
  if (data.additionalData) fields.AdditionalData = data.additionalData;
  if (data.scope) {
    fields.Scope = data.scope.map((scope) => ({ ...scope, orgEntry: scope.orgId === organization.orgId ? organization.entry : null }));
  }
  return fields;
}

/** An empty text clears a field, as null does. */
function nullIfEmpty(text: string | null): string | null {
  return text === '' ? null : text;
}

export function mfaFields(mfa: { mfa: boolean; mfaMode?: number }): Partial<PayabliUser> {
  return { UsrMFA: mfa.mfa, ...(mfa.mfaMode !== undefined && { UsrMFAMode: mfa.mfaMode }) };
}

/** A new user's read-shaped record: the fields Payabli fills in, then the body's. */
export function newStoredUser(data: PayabliUserWrite, organization: SimulatedOrganization, now: Date): Omit<PayabliUser, 'userId'> {
  return {
    Email: null,
    Name: null,
    Phone: null,
    snProvider: null,
    snIdentifier: null,
    snData: null,
    Scope: null,
    Access: null,
    UsrStatus: 1,
    language: null,
    timeZone: 0,
    UsrMFA: false,
    UsrMFAMode: 0,
    // Payabli's own style: UTC, no zone.
    createdAt: now.toISOString().slice(0, 19).replace('T', ' '),
    lastAccess: null,
    AdditionalData: null,
    ...toStoredFields(data, organization),
  };
}
