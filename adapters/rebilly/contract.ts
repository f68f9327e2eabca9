import type Joi from 'joi';
import { addressThatSurelyDoesNotExist, type ContractDeclaration } from '../../src/contract/check';
import { path, type UpstreamRequest } from '../../src/upstream/request';
import { rebillyAuthHeaders } from './auth';
import { rebillyError } from './errors';
import { exactFilterTerm } from './filter';
import { rebillyErrorSchema, rebillyMfaSchema, rebillyUserListSchema, rebillyUserSchema } from './schema';
import type { RebillyConnectionCredentials, RebillyUser } from './types';

interface RebillyContractState {
  headers: Record<string, string>;
  /** The user to read: the one named with `--user`, else the first one listed. */
  userId?: string;
}

const NO_SUCH_USER_ID = 'usr_usergatecontractcheck0000';
const NO_USER = { skip: 'no user to read: the list gave none (name one with --user)' };

const ok = (schema: Joi.Schema) => ({ status: [200], schema });
const error = (...status: number[]) => ({ status, schema: rebillyErrorSchema });

function get(state: RebillyContractState, operation: string, route: string, query?: UpstreamRequest['query']): UpstreamRequest {
  return { operation: `contract:${operation}`, method: 'GET', path: route, query, headers: state.headers, idempotent: true };
}

// https://www.rebilly.com/catalog/all/users
export const rebillyContract: ContractDeclaration<RebillyContractState> = {
  start: (target) => ({ headers: rebillyAuthHeaders(target.credentials as unknown as RebillyConnectionCredentials), userId: target.userId }),
  checks: [
    {
      name: 'GET /users?limit=1',
      purpose: 'the first user of the list',
      request: (state) => get(state, 'listUsers', '/users', { limit: 1 }),
      expect: [ok(rebillyUserListSchema)],
      learn: (body, state) => {
        state.userId ??= (body as RebillyUser[])[0]?.id;
      },
    },
    {
      name: 'GET /users/{id}',
      purpose: 'a user',
      request: (state) => (state.userId ? get(state, 'getUser', path`/users/${state.userId}`) : NO_USER),
      expect: [ok(rebillyUserSchema)],
    },
    {
      name: 'GET /users/{id}/mfa',
      purpose: "a user's MFA status",
      request: (state) => (state.userId ? get(state, 'getUserMfa', path`/users/${state.userId}/mfa`) : NO_USER),
      expect: [ok(rebillyMfaSchema)],
    },
    {
      name: 'GET /users?filter=email:',
      purpose: 'a lookup of an address that surely does not exist',
      request: (state) => get(state, 'listUsers', '/users', { filter: exactFilterTerm('email', addressThatSurelyDoesNotExist()), limit: 1 }),
      expect: [ok(rebillyUserListSchema)],
      verifies: true,
    },
    {
      name: 'GET /users/{id} (unknown)',
      purpose: 'the error for a user that does not exist',
      request: (state) => get(state, 'getUser', path`/users/${NO_SUCH_USER_ID}`),
      expect: [error(404)],
    },
    {
      name: 'GET /users?limit=-1',
      purpose: 'the error for an invalid request',
      request: (state) => get(state, 'listUsers', '/users', { limit: -1 }),
      expect: [error(400, 422)],
    },
  ],
  readError: rebillyError,
};
