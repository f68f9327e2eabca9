import type Joi from 'joi';
import type { AdapterDefinition } from '../connections/adapter';
import { describeOperation } from '../connections/operations';
import { json, ref, type PathItem } from './openapi-core';
import { problems, type ProblemStatus } from './openapi-problems';

const V1: ProblemStatus[] = [400, 401, 403, 429];
const BODY_ON_A_READ = 'A GET carries no body, and this one came with one (never read).';
const STORE_503 =
  'The connection store does not answer (`store_unavailable`), or the provider could not be asked about the credentials (`provider_unavailable`): nothing was stored.';
const VERIFY_422 =
  'The provider refused the credentials (`credentials_refused`): `providerError` says what it answered (its status and error code, never the credentials). Nothing was stored.';

const nameParameter = {
  name: 'name',
  in: 'path',
  required: true,
  description: 'The connection name (a stored one: lower-case letters, digits and dashes, at most 40).',
  schema: { type: 'string' },
};

const verifyParameter = {
  name: 'verify',
  in: 'query',
  description: 'Whether to check the credentials live with the provider first (default true); `false` stores them unchecked.',
  schema: { type: 'boolean', default: true },
};

/** The admin API of DESIGN §8: a tenant's connections as data, and the list every client reads. */
export function connectionPaths(adapters: readonly AdapterDefinition[]): Record<string, PathItem> {
  const { connectionList, connection, newConnection, connectionPatch, verification } = connectionExamples(adapters);
  return {
    '/v1/connections': {
      get: {
        operationId: 'listConnections',
        tags: ['Connections'],
        summary: 'List connections',
        description:
          "The connections of the request's tenant this token may reach (the `default` tenant also has the config file's), with their " +
          'adapters, capabilities (provider-only operations included), source and state. Needs `users:read` or `connections:admin`; ' +
          'admins also see each one’s settings, credential fingerprint and health, never its credentials.',
        responses: {
          200: { description: 'Connections this token may reach.', content: json(ref('ConnectionList'), connectionList) },
          ...problems(V1, { 400: BODY_ON_A_READ }),
        },
      },
      post: {
        operationId: 'createConnection',
        tags: ['Connections'],
        summary: 'Create a stored connection',
        description:
          "Creates a connection in the request's tenant (`connections:admin`). The credentials are checked live first (one authenticated " +
          'read-only call the adapter declares) unless `verify=false`, then sealed at rest; they are never returned. `baseUrl` must lie ' +
          "under the operator's allow-list for the adapter.",
        parameters: [verifyParameter],
        requestBody: { required: true, content: json(ref('NewConnection'), newConnection) },
        responses: {
          201: {
            description: 'Created: the connection, without its credentials.',
            headers: { Location: { description: 'Where the connection is read.', schema: { type: 'string' } } },
            content: json(ref('Connection'), connection),
          },
          ...problems([...V1, 409, 422, 502, 503, 504], {
            400: 'An invalid field (named in `invalidFields`): the name, an unknown adapter, credentials or options the adapter refuses, a `baseUrl` outside the allow-list.',
            409: 'This tenant already has a connection of that name (`conflict`).',
            422: VERIFY_422,
            503: STORE_503,
          }),
        },
      },
    },
    '/v1/connections/{name}': {
      get: {
        operationId: 'getConnection',
        tags: ['Connections'],
        summary: 'Read a connection',
        description: 'One connection, as the list shows it. Needs `users:read` or `connections:admin`.',
        parameters: [nameParameter],
        responses: {
          200: { description: 'The connection.', content: json(ref('Connection'), connection) },
          ...problems([...V1, 404], { 400: BODY_ON_A_READ, 404: "No connection of that name in the request's tenant (`not_found`)." }),
        },
      },
      patch: {
        operationId: 'updateConnection',
        tags: ['Connections'],
        summary: 'Change a stored connection',
        description:
          'A merge patch (RFC 7396) of `baseUrl`, `options`, `timeouts` and `enabled` (`connections:admin`). `credentials` replaces the ' +
          'whole credentials object: a rotation, checked live like a create unless `verify=false`.',
        parameters: [nameParameter, verifyParameter],
        requestBody: {
          required: true,
          content: {
            'application/merge-patch+json': { schema: ref('ConnectionPatch'), example: connectionPatch },
            ...json(ref('ConnectionPatch'), connectionPatch),
          },
        },
        responses: {
          200: { description: 'The changed connection.', content: json(ref('Connection'), connection) },
          ...problems([...V1, 404, 409, 422, 502, 503, 504], {
            404: "No stored connection of that name in the request's tenant (`not_found`).",
            409: 'The connection is declared in the config file (`conflict`): change it there.',
            422: VERIFY_422,
            503: STORE_503,
          }),
        },
      },
      delete: {
        operationId: 'deleteConnection',
        tags: ['Connections'],
        summary: 'Delete a stored connection',
        description: 'Deletes it (`connections:admin`): requests in flight finish; its cached users and stored tokens are dropped.',
        parameters: [nameParameter],
        responses: {
          204: { description: 'Deleted.' },
          ...problems([...V1, 404, 409, 503], {
            404: "No stored connection of that name in the request's tenant (`not_found`).",
            409: 'The connection is declared in the config file (`conflict`): change it there.',
            503: 'The connection store does not answer (`store_unavailable`).',
          }),
        },
      },
    },
    '/v1/connections/{name}/verify': {
      post: {
        operationId: 'verifyConnection',
        tags: ['Connections'],
        summary: 'Check a connection’s credentials now',
        description:
          'One authenticated read-only call with the connection’s credentials (`connections:admin`). A success clears `credentials_rejected`; ' +
          'a refusal sets it. The answer says what the provider made of them.',
        parameters: [nameParameter],
        responses: {
          200: { description: 'What the provider made of the credentials.', content: json(ref('Verification'), verification) },
          ...problems([...V1, 404, 503], {
            404: "No connection of that name in the request's tenant (`not_found`).",
            503: 'The connection store does not answer (`store_unavailable`).',
          }),
        },
      },
    },
  };
}

/**
 * Examples at the registry's first adapter: a stored connection named after its merchant, at the
 * provider's first documented host, with placeholders for its credentials (their keys only).
 */
function connectionExamples(adapters: readonly AdapterDefinition[]) {
  const adapter = adapters[0];
  if (!adapter) throw new Error('the OpenAPI examples need at least one adapter');
  const name = `${adapter.name}-merchant-42`;
  const baseUrl = adapter.documentedBaseUrls?.[0] ?? 'https://api.example.com';
  const connection = {
    name,
    adapter: adapter.name,
    docsUrl: adapter.docsUrl,
    source: 'stored',
    state: 'active',
    capabilities: { ...adapter.capabilities, operations: (adapter.operations ?? []).slice(0, 2).map((operation) => describeOperation(name, operation)) },
    health: { breaker: 'closed' },
    baseUrl,
    options: {},
    timeouts: { totalMs: 10_000 },
    enabled: true,
    credentials: { fingerprint: '3f9a1c07d2b84e65a0c1d9e2', updatedAt: '2025-03-20T10:15:00.000Z' },
    lastVerifiedAt: '2025-03-20T10:15:00.000Z',
    lastError: null,
  };
  return {
    connection,
    connectionList: { data: [connection] },
    newConnection: { name, adapter: adapter.name, baseUrl, credentials: placeholders(adapter.credentialsSchema), timeouts: { totalMs: 10_000 } },
    connectionPatch: { credentials: placeholders(adapter.credentialsSchema) },
    verification: { ok: true, checkedAt: '2025-03-20T10:15:00.000Z' },
  };
}

/** `{ apiKey: '<apiKey>' }`: an adapter's credential keys, with no value anybody could use. */
function placeholders(schema: Joi.ObjectSchema): Record<string, string> {
  const { keys = {} } = schema.describe() as { keys?: Record<string, unknown> };
  return Object.fromEntries(Object.keys(keys).map((key) => [key, `<${key}>`]));
}
