import type Joi from 'joi';
import { addressThatSurelyDoesNotExist, type ContractDeclaration } from '../../src/contract/check';
import { path, type UpstreamRequest } from '../../src/upstream/request';
import { PAYABLI_TOKEN_REQUEST, payabliAccessTokenSchema, requestTokenHeaders } from './auth';
import { withDocumentedKeys } from './casing';
import { payabliError } from './errors';
import { payabliFailureSchema, payabliUserListSchema, payabliUserSchema } from './schema';
import type { PayabliAccessToken, PayabliConnectionCredentials, PayabliConnectionOptions, PayabliUserList } from './types';

interface PayabliContractState {
  credentials: PayabliConnectionCredentials;
  /** `requestToken`, or the bearer token the token check bought. */
  headers: Record<string, string>;
  options: PayabliConnectionOptions;
  /** The user to read: the one named with `--user`, else the first one the organization lists. */
  userId?: string;
}

const NO_SUCH_USER_ID = '999999999999';
const credentialsOf = (target: { credentials: Record<string, unknown> }) => target.credentials as unknown as PayabliConnectionCredentials;
const NO_ORGANIZATION = { skip: 'lists need the connection option orgId' };

// NOTE: the adapter reads Payabli's keys case-insensitively, so the checks do too: casing alone is no drift.
const ok = (schema: Joi.Schema) => ({ status: [200], schema, normalize: withDocumentedKeys });
/** NOTE: Payabli answers "not found" as a 400, or even as a 200 with `isSuccess: false`. */
const failure = { status: [400, 200], schema: payabliFailureSchema, normalize: withDocumentedKeys };

function get(state: PayabliContractState, operation: string, route: string, query?: UpstreamRequest['query']): UpstreamRequest {
  return { operation: `contract:${operation}`, method: 'GET', path: route, query, headers: state.headers, idempotent: true };
}

function getUser(state: PayabliContractState, userId: string): UpstreamRequest {
  const { entry, level } = state.options;
  return get(state, 'getUser', path`/User/${userId}`, entry === undefined ? undefined : { entry, level });
}

// https://docs.payabli.com/developers/api-reference/user/get-user-in-an-organization
export const payabliContract: ContractDeclaration<PayabliContractState> = {
  start: (target) => {
    const credentials = credentialsOf(target);
    return {
      credentials,
      headers: credentials.requestToken === undefined ? {} : requestTokenHeaders(credentials.requestToken),
      options: target.options as unknown as PayabliConnectionOptions,
      userId: target.userId,
    };
  },
  checks: [
    {
      name: 'POST /v2/Token/serverside',
      purpose: 'a bearer token for the OAuth client, as the other checks take',
      appliesTo: (target) => credentialsOf(target).clientId !== undefined,
      request: ({ credentials: { clientId, clientSecret } }) => ({
        operation: 'contract:requestToken',
        method: 'POST',
        path: PAYABLI_TOKEN_REQUEST.path,
        json: { clientId, clientSecret },
      }),
      expect: [{ status: [200], schema: payabliAccessTokenSchema }],
      verifies: true,
      learn: (body, state) => {
        state.headers = { authorization: `Bearer ${(body as PayabliAccessToken).access_token}` };
      },
    },
    {
      name: 'GET /Query/users/org/{orgId}',
      purpose: "the first user of the organization's list",
      request: (state) =>
        state.options.orgId === undefined
          ? NO_ORGANIZATION
          : get(state, 'listUsers', path`/Query/users/org/${state.options.orgId}`, { fromRecord: 0, limitRecord: 1 }),
      expect: [ok(payabliUserListSchema)],
      learn: (body, state) => {
        const first = (body as PayabliUserList).Records?.[0];
        state.userId ??= first ? String(first.userId) : undefined;
      },
    },
    {
      name: 'GET /User/{userId}',
      purpose: 'a user',
      request: (state) =>
        state.userId ? getUser(state, state.userId) : { skip: 'no user to read: the list gave none (name one with --user, or configure orgId)' },
      expect: [ok(payabliUserSchema)],
    },
    {
      name: 'GET /Query/users/org/{orgId}?email(eq)=',
      purpose: 'a lookup of an address that surely does not exist',
      request: (state) => {
        if (state.options.orgId === undefined) return NO_ORGANIZATION;
        const query = `email(eq)=${encodeURIComponent(addressThatSurelyDoesNotExist())}&fromRecord=0&limitRecord=1`;
        return get(state, 'listUsers', path`/Query/users/org/${state.options.orgId}`, query);
      },
      expect: [ok(payabliUserListSchema)],
    },
    {
      name: 'GET /User/{userId} (unknown)',
      purpose: 'the error for a user that does not exist',
      request: (state) => getUser(state, NO_SUCH_USER_ID),
      expect: [failure],
      verifies: true,
    },
  ],
  readError: (response, connection) => payabliError(response, connection),
};
