import type Joi from 'joi';
import joiToJson from 'joi-to-json';
import { createUserRequestSchema, userPatchSchema } from '../canonical/input';
import { canonicalUserSchema } from '../canonical/user';
import { declaredResponse, describeOperation, type ProviderOperation } from '../connections/operations';
import type { ConnectionRegistry } from '../connections/registry';
import { connectionListSchema, fanOutSchema, healthSchema, peopleSchema, problemSchema, provenanceSchema, readinessSchema } from './schemas';

type JsonSchema = Record<string, unknown>;
type OperationObject = Record<string, unknown>;
type PathItem = Record<string, OperationObject>;

const toSchema = (schema: Joi.Schema): JsonSchema => withoutPatternNames(joiToJson(schema, 'open-api-3.1'));

/** joi-to-json also lists each `.pattern(regex)` as a property named after the regex: drop those. */
function withoutPatternNames(schema: unknown): JsonSchema {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
    key === 'properties' && value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([name]) => !/^\/.*\/$/.test(name))) : value,
  ) as JsonSchema;
}
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const problems = { default: { description: 'An RFC 9457 problem with a stable `code`.', content: { 'application/problem+json': { schema: ref('Problem') } } } };
const userId = { name: 'id', in: 'path', required: true, description: 'Global id `<connection>:<providerUserId>`.', schema: { type: 'string' } };

/**
 * The OpenAPI 3.1 document of this gateway: the canonical routes, described here once, plus every
 * connection's provider-only operations, built from the same joi schemas that validate them.
 */
export function buildOpenApi(connections: ConnectionRegistry, version: string): Record<string, unknown> {
  const paths: Record<string, PathItem> = { ...CORE_PATHS };
  for (const connection of connections.list()) {
    for (const operation of connection.provider.operations ?? []) {
      const { path } = describeOperation(connection.name, operation);
      paths[path] = { ...paths[path], [operation.method.toLowerCase()]: describe(connection.name, operation) };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'usergate',
      version,
      description: 'One user API over many payment providers. Every /v1 route needs a bearer JWT; see the README for scopes.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        User: toSchema(canonicalUserSchema),
        Problem: toSchema(problemSchema),
        FanOut: toSchema(fanOutSchema(canonicalUserSchema)),
        People: toSchema(peopleSchema(canonicalUserSchema)),
        UserWithProvenance: toSchema((canonicalUserSchema as Joi.ObjectSchema).keys({ provenance: provenanceSchema })),
        CreateUserRequest: toSchema(createUserRequestSchema),
        UserPatch: toSchema(userPatchSchema),
        ConnectionList: toSchema(connectionListSchema),
      },
    },
  };
}

const unauthenticated = { security: [] };

const LOOKUP_PARAMETERS = [
  ...['email', 'phone', 'nationalId', 'nationality'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
  { name: 'connections', in: 'query', description: 'Comma-separated connection names (default: all).', schema: { type: 'string' } },
];

const CORE_PATHS: Record<string, PathItem> = {
  '/v1/users': {
    get: {
      operationId: 'findUsers',
      summary: 'Fan-out lookup by exactly one of email, phone (E.164) or nationalId (+ nationality, needs users:pii).',
      parameters: LOOKUP_PARAMETERS,
      responses: { 200: { description: 'Users found, and the outcome at each connection.', content: json(ref('FanOut')) }, ...problems },
    },
    post: {
      operationId: 'createUser',
      summary: 'Create a user at one connection (users:write).',
      parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 255 } }],
      requestBody: { required: true, content: json(ref('CreateUserRequest')) },
      responses: { 201: { description: 'Created.', content: json(ref('User')) }, ...problems },
    },
  },
  '/v1/users/{id}': {
    get: {
      operationId: 'getUser',
      summary: 'One canonical user (users:read; PII fields null without users:pii).',
      parameters: [
        userId,
        { name: 'include', in: 'query', description: '`provenance`: where each field came from.', schema: { type: 'string', enum: ['provenance'] } },
      ],
      responses: {
        200: { description: 'The user (with `provenance` when asked); `Cache-Status` tells how it was served.', content: json(ref('UserWithProvenance')) },
        ...problems,
      },
    },
    patch: {
      operationId: 'updateUser',
      summary: 'JSON merge patch of canonical fields (users:write).',
      parameters: [userId],
      requestBody: { required: true, content: { 'application/merge-patch+json': { schema: ref('UserPatch') }, ...json(ref('UserPatch')) } },
      responses: { 200: { description: 'The updated user.', content: json(ref('User')) }, ...problems },
    },
    delete: {
      operationId: 'deleteUser',
      summary: 'Delete a user where the provider supports it (users:write); 501 elsewhere.',
      parameters: [userId],
      responses: { 204: { description: 'Deleted.' }, ...problems },
    },
  },
  '/v1/people': {
    get: {
      operationId: 'findPeople',
      summary: 'The fan-out lookup grouped into people: linked accounts with their reasons, a merged record with origins and conflicts, and candidates.',
      parameters: LOOKUP_PARAMETERS,
      responses: { 200: { description: 'People found.', content: json(ref('People')) }, ...problems },
    },
  },
  '/v1/connections': {
    get: {
      operationId: 'listConnections',
      summary: 'Connections, their adapters, capabilities (with provider-only operations) and breaker state.',
      responses: { 200: { description: 'Connections this token may reach.', content: json(ref('ConnectionList')) }, ...problems },
    },
  },
  '/healthz': {
    get: {
      ...unauthenticated,
      operationId: 'health',
      summary: 'Liveness.',
      responses: { 200: { description: 'Alive.', content: json(toSchema(healthSchema)) } },
    },
  },
  '/readyz': {
    get: {
      ...unauthenticated,
      operationId: 'ready',
      summary: 'Readiness: not draining, Redis (if configured) up, at least one connection usable.',
      responses: {
        200: { description: 'Ready.', content: json(toSchema(readinessSchema)) },
        503: { description: 'Not ready.', content: json(toSchema(readinessSchema)) },
      },
    },
  },
  '/metrics': {
    get: {
      ...unauthenticated,
      operationId: 'metrics',
      summary: 'Prometheus metrics.',
      responses: { 200: { description: 'Prometheus text.', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
  '/openapi.json': {
    get: {
      ...unauthenticated,
      operationId: 'openapi',
      summary: 'This document.',
      responses: { 200: { description: 'OpenAPI 3.1.', content: json({ type: 'object' }) } },
    },
  },
  '/docs': {
    get: {
      ...unauthenticated,
      operationId: 'docs',
      summary: 'This document, rendered.',
      responses: { 200: { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  },
  '/console': {
    get: {
      ...unauthenticated,
      operationId: 'console',
      summary: 'The ops console: a web page that signs in with a token (kept in the browser) and searches every connection.',
      responses: { 200: { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' } } } }, ...problems },
    },
  },
};

function describe(connection: string, operation: ProviderOperation): OperationObject {
  const { summary, scopes, idempotent } = describeOperation(connection, operation);
  const parameters = [
    ...objectParameters(operation.params, 'path'),
    ...objectParameters(operation.query, 'query'),
    ...(idempotent || operation.method === 'GET' ? [] : [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 255 } }]),
  ];
  const response = declaredResponse(operation);
  const status = String(operation.successStatus ?? (response.kind === 'none' ? 204 : 200));
  const content = responseContent(response);
  return {
    operationId: `${connection}.${operation.id}`,
    summary,
    description: `Needs scopes: ${scopes.join(', ')}.`,
    tags: [connection],
    ...(parameters.length && { parameters }),
    ...(operation.body && { requestBody: { required: true, content: requestContent(operation.body) } }),
    responses: {
      [status]: { description: 'Done.', ...(content && status !== '204' && { content }) },
      ...problems,
    },
  };
}

function responseContent(response: ReturnType<typeof declaredResponse>) {
  switch (response.kind) {
    case 'json':
      return json(toSchema(response.schema));
    case 'user':
      return json(ref('User'));
    case 'document':
      return Object.fromEntries(response.contentTypes.map((type) => [type, { schema: { type: 'string', maxLength: response.maxBytes } }]));
    default:
      return undefined;
  }
}

function requestContent(body: NonNullable<ProviderOperation['body']>) {
  if (body.kind === 'json') return json(toSchema(body.schema));
  return Object.fromEntries(body.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary', maxLength: body.maxBytes } }]));
}

function objectParameters(schema: Joi.ObjectSchema | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const described = toSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(described.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (described.required ?? []).includes(name),
    schema: property,
  }));
}
