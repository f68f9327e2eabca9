import type Joi from 'joi';
import { addressThatSurelyDoesNotExist, type ContractDeclaration } from '../../src/contract/check';
import { path, type UpstreamRequest } from '../../src/upstream/request';
import { basicAuthorizer, bearerAuthorizer } from '../../src/provider-kit/bearer';
import { wiseError } from './errors';
import { wiseErrorsSchema, wiseExistsSchema, wiseTokenSchema, wiseUserSchema } from './schema';
import type { WiseConnectionCredentials, WiseTokenResponse, WiseUser } from './types';

interface WiseContractState {
  credentials: WiseConnectionCredentials;
  /** A client-credentials token, from the first check. */
  clientToken?: string;
  /** The user to read by id: the one named with `--user`, else the user token's own. */
  userId?: string;
}

const NO_USER_TOKEN = { skip: 'user reads need the connection credential userToken' };
const NO_CLIENT_TOKEN = { skip: 'needs a client-credentials token, which the token check did not get' };

const ok = (schema: Joi.Schema) => ({ status: [200], schema });

function withToken(token: string, request: Omit<UpstreamRequest, 'authorize'>): UpstreamRequest {
  return { ...request, authorize: bearerAuthorizer(token) };
}

function exists(state: WiseContractState, email: string): UpstreamRequest | { skip: string } {
  if (!state.clientToken) return NO_CLIENT_TOKEN;
  return withToken(state.clientToken, { operation: 'contract:userExists', method: 'POST', path: '/v1/users/exists', json: { email }, idempotent: true });
}

/**
 * NOTE: Wise shows a user only to that user's own token, so reads use the connection's `userToken`.
 * Contact email is not checked: it takes an OAuth user token, which only a signup (a write) gives.
 */
// https://docs.wise.com/api-reference/user
export const wiseContract: ContractDeclaration<WiseContractState> = {
  start: (target) => ({ credentials: target.credentials as unknown as WiseConnectionCredentials, userId: target.userId }),
  checks: [
    {
      name: 'POST /oauth/token (client_credentials)',
      purpose: 'a client-credentials token, as signup and exists take',
      request: ({ credentials }) => ({
        operation: 'contract:requestToken',
        method: 'POST',
        path: '/oauth/token',
        form: { grant_type: 'client_credentials' },
        authorize: basicAuthorizer(credentials.clientId, credentials.clientSecret),
        idempotent: true,
      }),
      expect: [ok(wiseTokenSchema)],
      verifies: true,
      learn: (body, state) => {
        state.clientToken = (body as WiseTokenResponse).access_token;
      },
    },
    {
      name: 'GET /v1/me',
      purpose: "the user token's own user",
      request: ({ credentials }) =>
        credentials.userToken
          ? withToken(credentials.userToken, { operation: 'contract:getMe', method: 'GET', path: '/v1/me', idempotent: true })
          : NO_USER_TOKEN,
      expect: [ok(wiseUserSchema)],
      verifies: true,
      learn: (body, state) => {
        state.userId ??= String((body as WiseUser).id);
      },
    },
    {
      name: 'GET /v1/users/{userId}',
      purpose: 'a user, by id',
      request: ({ credentials, userId }) => {
        if (!credentials.userToken) return NO_USER_TOKEN;
        if (!userId) return { skip: 'no user id: GET /v1/me gave none, and none was named with --user' };
        return withToken(credentials.userToken, { operation: 'contract:getUser', method: 'GET', path: path`/v1/users/${userId}`, idempotent: true });
      },
      expect: [ok(wiseUserSchema)],
    },
    {
      name: 'POST /v1/users/exists',
      purpose: 'a lookup of an address that surely does not exist',
      request: (state) => exists(state, addressThatSurelyDoesNotExist()),
      expect: [ok(wiseExistsSchema)],
    },
    {
      name: 'POST /v1/users/exists (invalid email)',
      purpose: 'the error for an invalid request',
      request: (state) => exists(state, 'not-an-email'),
      expect: [{ status: [400], schema: wiseErrorsSchema }],
    },
  ],
  readError: wiseError,
};
