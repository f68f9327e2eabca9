import type Joi from 'joi';
import { addressThatSurelyDoesNotExist, type ContractCheck, type ContractDeclaration } from '../../src/contract/check';
import { path, type UpstreamRequest } from '../../src/upstream/request';
import { macAuthorizer } from './auth';
import { payseraError } from './errors';
import {
  payseraAddressSchema,
  payseraErrorSchema,
  payseraFieldStringSchema,
  payseraIdentitySchema,
  payseraServerTimeSchema,
  payseraServicesSchema,
  payseraUserSchema,
  payseraWalletsSchema,
} from './schema';
import type { PayseraConnectionCredentials } from './types';

interface PayseraContractState {
  credentials: PayseraConnectionCredentials;
  /** Seconds between this machine's clock and Paysera's, learned from `/server` (MAC signatures carry a timestamp). */
  clockOffset: number;
  userId: string;
}

/**
 * NOTE: Paysera lists no users, so the checks read one known user: the simulator's demo person
 * Eglė Jankauskienė (docs/demo-data.md), or the one named with `--user`.
 */
const DEMO_USER_ID = '1001';
/** Every optional field the demo user has that the mapper reads. */
const DEMO_USER_CARRIES = [
  'email',
  'phone',
  'address',
  'address.country',
  'address.city',
  'address.street',
  'address.post_index',
  'dob',
  'gender',
  'identity',
  'identity.name',
  'identity.surname',
  'identity.nationality',
  'identity.code',
  'identification_level',
  'calculated_level',
  'wallets',
  'options',
  'options.default_currency',
  'locale',
];
const NO_SUCH_USER_ID = '999999999';

const ok = (schema: Joi.Schema, carries?: string[]) => ({ status: [200], schema, carries });
const error = (...status: number[]) => ({ status, schema: payseraErrorSchema });

function signed(state: PayseraContractState, request: Omit<UpstreamRequest, 'authorize' | 'idempotent'>): UpstreamRequest {
  const { clientId, macKey } = state.credentials;
  return { ...request, idempotent: true, authorize: macAuthorizer({ macId: clientId, macKey }, () => Math.floor(Date.now() / 1000) + state.clockOffset) };
}

/** `GET /user/{id}/{field}`: 404 when the user has no such information. */
function fieldCheck(field: string, schema: Joi.Schema): ContractCheck<PayseraContractState> {
  return {
    name: `GET /user/{id}/${field}`,
    purpose: `the known user's ${field}`,
    request: (state) => signed(state, { operation: `contract:${field}`, method: 'GET', path: path`/user/${state.userId}/${field}` }),
    expect: [ok(schema), error(404)],
  };
}

// https://developers.paysera.com/en/wallet/rest/v1/user
export const payseraContract: ContractDeclaration<PayseraContractState> = {
  start: (target) => ({ credentials: target.credentials as unknown as PayseraConnectionCredentials, clockOffset: 0, userId: target.userId ?? DEMO_USER_ID }),
  checks: [
    {
      name: 'GET /server',
      purpose: "Paysera's clock, which MAC signatures must agree with (no auth)",
      request: () => ({ operation: 'contract:serverTime', method: 'GET', path: '/server', idempotent: true }),
      expect: [ok(payseraServerTimeSchema)],
      verifies: true,
      learn: (body, state) => {
        const { time } = body as { time?: unknown };
        if (typeof time === 'number') state.clockOffset = time - Math.floor(Date.now() / 1000);
      },
    },
    {
      name: 'GET /user/{id}',
      purpose: 'a known user',
      request: (state) => signed(state, { operation: 'contract:getUser', method: 'GET', path: path`/user/${state.userId}` }),
      expect: [ok(payseraUserSchema, DEMO_USER_CARRIES)],
    },
    fieldCheck('email', payseraFieldStringSchema),
    fieldCheck('phone', payseraFieldStringSchema),
    fieldCheck('address', payseraAddressSchema),
    fieldCheck('identity', payseraIdentitySchema),
    fieldCheck('wallets', payseraWalletsSchema),
    fieldCheck('services', payseraServicesSchema),
    {
      name: 'GET /user?email=',
      purpose: 'a lookup of an address that surely does not exist (the error for no match)',
      request: (state) => signed(state, { operation: 'contract:findUser', method: 'GET', path: '/user', query: { email: addressThatSurelyDoesNotExist() } }),
      expect: [error(404)],
      verifies: true,
    },
    {
      name: 'GET /user/{id} (unknown)',
      purpose: 'the error for a user that does not exist',
      request: (state) => signed(state, { operation: 'contract:getUser', method: 'GET', path: path`/user/${NO_SUCH_USER_ID}` }),
      expect: [error(404)],
    },
    {
      name: 'GET /user (no parameters)',
      purpose: 'the error for an invalid request',
      request: (state) => signed(state, { operation: 'contract:findUser', method: 'GET', path: '/user' }),
      expect: [error(400)],
    },
  ],
  readError: (response, connection) => payseraError(response, connection),
};
