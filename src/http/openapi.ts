import type Joi from 'joi';
import { createUserRequestSchema, userPatchSchema } from '../canonical/input';
import { canonicalUserSchema, type ProviderUserFields } from '../canonical/user';
import { declaredResponse, describeOperation, type OperationBody, type ProviderOperation } from '../connections/operations';
import type { Connection, ConnectionRegistry } from '../connections/registry';
import { toCanonicalUser } from '../users/projection';
import { toJsonSchema, type JsonSchema } from './json-schema';
import { CORE_TAGS, corePaths, idempotencyKey, json, ref, type PathItem, type UserOperationName } from './openapi-core';
import { openApiExamples } from './openapi-examples';
import { problemComponents, problems, type ProblemStatus } from './openapi-problems';
import { connectionListSchema, fanOutSchema, peopleSchema, problemSchema, provenanceSchema } from './schemas';

type OperationObject = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document of this gateway: the canonical routes, described once, plus every
 * connection's provider-only operations, built from the same joi schemas that validate them.
 */
export function buildOpenApi(connections: ConnectionRegistry, version: string): Record<string, unknown> {
  const supportedEverywhere = (operation: UserOperationName) => connections.list().every((connection) => connection.provider[operation] !== undefined);
  const paths: Record<string, PathItem> = corePaths(supportedEverywhere, openApiExamples(connections.list()));
  const tags = [...CORE_TAGS];
  for (const connection of connections.list()) {
    const operations = connection.provider.operations ?? [];
    if (operations.length > 0) tags.push(connectionTag(connection));
    for (const operation of operations) {
      const { path } = describeOperation(connection.name, operation);
      paths[path] = { ...paths[path], [operation.method.toLowerCase()]: describe(connection, operation) };
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
    tags,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        User: toJsonSchema(canonicalUserSchema),
        Problem: toJsonSchema(problemSchema),
        FanOut: toJsonSchema(fanOutSchema(canonicalUserSchema)),
        People: toJsonSchema(peopleSchema(canonicalUserSchema)),
        UserWithProvenance: toJsonSchema((canonicalUserSchema as Joi.ObjectSchema).keys({ provenance: provenanceSchema })),
        CreateUserRequest: toJsonSchema(createUserRequestSchema),
        UserPatch: toJsonSchema(userPatchSchema),
        ConnectionList: toJsonSchema(connectionListSchema),
      },
      responses: problemComponents(),
    },
  };
}

function connectionTag(connection: Connection) {
  return {
    name: connection.name,
    description: `What only the "${connection.name}" connection (${connection.adapter.name} adapter) can do, beyond the canonical user operations.`,
    externalDocs: { description: 'The provider’s API', url: connection.adapter.docsUrl },
  };
}

/**
 * The problems a provider-only operation can answer with. Any can be refused (a bad request, a
 * token without the scopes, a rate limit) and any call to a provider can fail. One that acts on a
 * user or resource, named in its path or (for a write) in its body, can find none, or find it in a
 * state that refuses; only searches and existence checks cannot. A write that honours
 * `Idempotency-Key` can see the key reused with another request.
 */
function operationProblems(operation: ProviderOperation): ProblemStatus[] {
  const actsOnResource = operation.path.includes(':') || operation.scopes.includes('users:write');
  return [400, 401, 403, ...(actsOnResource ? ([404, 409] as const) : []), ...(honoursIdempotencyKey(operation) ? [422 as const] : []), 429, 502, 503, 504];
}

const honoursIdempotencyKey = (operation: ProviderOperation) => !operation.idempotent && operation.method !== 'GET';

function describe(connection: Connection, operation: ProviderOperation): OperationObject {
  const { summary, scopes } = describeOperation(connection.name, operation);
  const parameters = [
    ...objectParameters(operation.params, 'path'),
    ...objectParameters(operation.query, 'query'),
    ...(honoursIdempotencyKey(operation) ? [idempotencyKey] : []),
  ];
  const response = declaredResponse(operation);
  const status = String(operation.successStatus ?? (response.kind === 'none' ? 204 : 200));
  const content = status === '204' ? undefined : responseContent(connection, operation);
  return {
    operationId: `${connection.name}.${operation.id}`,
    tags: [connection.name],
    summary,
    description: [
      `Needs scopes: ${scopes.map((scope) => `\`${scope}\``).join(', ')}.`,
      operation.idempotent ? 'Safe to repeat.' : 'Not safe to repeat blindly: send an `Idempotency-Key` to make a retry harmless.',
    ].join(' '),
    ...(parameters.length > 0 && { parameters }),
    ...(operation.body && { requestBody: { required: true, content: requestContent(operation.body, operation.example?.body) } }),
    responses: {
      [status]: { description: successDescription(status), ...(content && { content }) },
      ...problems(operationProblems(operation)),
    },
  };
}

function successDescription(status: string): string {
  if (status === '201') return 'Created.';
  if (status === '202') return 'Accepted: the provider is on it.';
  if (status === '204') return 'Done; no body.';
  return 'Done.';
}

function responseContent(connection: Connection, operation: ProviderOperation) {
  const response = declaredResponse(operation);
  const example = operation.example?.response;
  switch (response.kind) {
    case 'json':
      return json(toJsonSchema(response.schema), example);
    case 'user':
      return json(ref('User'), example === undefined ? undefined : toCanonicalUser(connection, example as ProviderUserFields));
    case 'document':
      return Object.fromEntries(
        response.contentTypes.map((type) => [type, { schema: { type: 'string', maxLength: response.maxBytes }, ...(example !== undefined && { example }) }]),
      );
    default:
      return undefined;
  }
}

function requestContent(body: OperationBody, example: unknown) {
  if (body.kind === 'json') return json(toJsonSchema(body.schema), example);
  return Object.fromEntries(body.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary', maxLength: body.maxBytes } }]));
}

function objectParameters(schema: Joi.ObjectSchema | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const described = toJsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(described.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (described.required ?? []).includes(name),
    schema: property,
  }));
}
