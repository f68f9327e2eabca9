import type Joi from 'joi';
import { createUserRequestSchema, userPatchSchema } from '../canonical/input';
import { canonicalUserSchema, type ProviderUserFields } from '../canonical/user';
import { declaredResponse, describeOperation, type ProviderOperation } from '../connections/operations';
import type { AdapterDefinition } from '../connections/adapter';
import { toCanonicalUser } from '../users/projection';
import { toJsonSchema, type JsonSchema } from './json-schema';
import { connectionPaths } from './openapi-connections';
import { CORE_TAGS, corePaths, idempotencyKey, json, ref, withTenantHeader, type PathItem } from './openapi-core';
import { openApiExamples } from './openapi-examples';
import { problemComponents, problems, type ProblemStatus } from './openapi-problems';
import {
  connectionListSchema,
  connectionPatchSchema,
  connectionSchema,
  createdIdSchema,
  fanOutSchema,
  newConnectionSchema,
  peopleSchema,
  problemSchema,
  provenanceSchema,
  verificationSchema,
} from './schemas';

type OperationObject = Record<string, unknown>;
type Media = Record<string, unknown>;

/** One adapter's declaration of a provider-only operation. */
interface Declared {
  adapter: AdapterDefinition;
  operation: ProviderOperation;
}

/**
 * The OpenAPI 3.1 document of this gateway: the canonical routes, described once, plus every
 * adapter's provider-only operations under `/v1/connections/{connection}/...`, built from the same
 * joi schemas that validate them. It depends on the adapters only, never on which connections are
 * configured: it holds for every connection, whenever it was made, and names none.
 */
export function buildOpenApi(adapters: readonly AdapterDefinition[], version: string): Record<string, unknown> {
  const paths: Record<string, PathItem> = { ...corePaths(openApiExamples(adapters)), ...connectionPaths(adapters) };
  const tags = [...CORE_TAGS];
  const byRoute = new Map<string, Declared[]>();
  for (const adapter of adapters) {
    const operations = adapter.operations ?? [];
    if (operations.length > 0) tags.push(adapterTag(adapter));
    for (const operation of operations) {
      const route = `${operation.method} ${operationPath(operation)}`;
      byRoute.set(route, [...(byRoute.get(route) ?? []), { adapter, operation }]);
    }
  }
  for (const declarers of byRoute.values()) {
    const [{ operation }] = declarers as [Declared, ...Declared[]];
    const path = operationPath(operation);
    paths[path] = { ...paths[path], [operation.method.toLowerCase()]: describe(declarers) };
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
    paths: withTenantHeader(paths),
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
        Connection: toJsonSchema(connectionSchema),
        NewConnection: toJsonSchema(newConnectionSchema),
        ConnectionPatch: toJsonSchema(connectionPatchSchema),
        Verification: toJsonSchema(verificationSchema),
        CreatedId: toJsonSchema(createdIdSchema),
      },
      responses: problemComponents(),
    },
  };
}

const operationPath = (operation: ProviderOperation) => `/v1/connections/{connection}${operation.path.replace(/:(\w+)/g, '{$1}')}`;

/** Connection names are lower case; the core tags are capitalised, so an adapter's tag never collides with them. */
function adapterTag(adapter: AdapterDefinition) {
  return {
    name: adapter.name,
    description: `What connections of the "${adapter.name}" adapter can do, beyond the canonical user operations.`,
    externalDocs: { description: 'The provider’s API', url: adapter.docsUrl },
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

/**
 * One route's operation. Where several adapters declare the same method and path, it is one
 * operation that says, adapter by adapter, what it does: its parameters, bodies and answers are
 * each adapter's, side by side (`anyOf`, and one example per adapter).
 */
function describe(declarers: Declared[]): OperationObject {
  const shared = declarers.length > 1;
  const names = declarers.map(({ adapter }) => adapter.name);
  const [first] = declarers as [Declared, ...Declared[]];
  const parameters = [
    connectionParameter(names),
    ...mergedParameters(declarers.map(({ operation }) => objectParameters(operation.params, 'path'))),
    ...mergedParameters(declarers.map(({ operation }) => objectParameters(operation.query, 'query'))),
    ...(declarers.some(({ operation }) => honoursIdempotencyKey(operation)) ? [idempotencyKey] : []),
  ];
  const withBody = declarers.filter(({ operation }) => operation.body);
  const requestBody = withBody.length > 0 && {
    required: withBody.length === declarers.length,
    content: mergedContent(withBody.map(({ adapter, operation }) => ({ adapter, content: requestContent(operation) }))),
  };
  return {
    operationId: declarers.map(({ adapter, operation }) => `${adapter.name}.${operation.id}`).join('+'),
    tags: names,
    summary: shared ? `Differs by the connection’s adapter (${names.join(', ')}); see the description.` : first.operation.summary,
    description: shared
      ? declarers
          .map(
            (declared) =>
              `**${declared.adapter.name}** (\`${declared.adapter.name}.${declared.operation.id}\`): ${declared.operation.summary} ${rules(declared)}`,
          )
          .join('\n\n')
      : `${rules(first)} Served for connections of the \`${first.adapter.name}\` adapter.`,
    parameters,
    ...(requestBody && { requestBody }),
    responses: {
      ...successes(declarers),
      ...problems([...new Set(declarers.flatMap(({ operation }) => operationProblems(operation)))]),
    },
  };
}

function rules({ operation }: Declared): string {
  const { scopes } = describeOperation('{connection}', operation);
  return [
    `Needs scopes: ${scopes.map((scope) => `\`${scope}\``).join(', ')}.`,
    operation.idempotent ? 'Safe to repeat.' : 'Not safe to repeat blindly: send an `Idempotency-Key` to make a retry harmless.',
  ].join(' ');
}

function connectionParameter(adapters: string[]) {
  return {
    name: 'connection',
    in: 'path',
    required: true,
    description: `A connection whose adapter is ${adapters.map((name) => `\`${name}\``).join(' or ')}.`,
    schema: { type: 'string' },
  };
}

interface SuccessAnswer {
  adapter: AdapterDefinition;
  content: Record<string, Media> | undefined;
  /** The user the answer would carry, left out for a token without `users:read`. */
  withheld?: true;
}

/** Each declarer's success answer; where several answer with the same status, their contents side by side. */
function successes(declarers: Declared[]): Record<string, unknown> {
  const byStatus = new Map<string, SuccessAnswer[]>();
  const answer = (status: string, success: SuccessAnswer) => byStatus.set(status, [...(byStatus.get(status) ?? []), success]);
  for (const { adapter, operation } of declarers) {
    const status = String(operation.successStatus ?? (declaredResponse(operation).kind === 'none' ? 204 : 200));
    answer(status, { adapter, content: status === '204' ? undefined : responseContent(adapter, operation) });
    // A user is sent only to a token with `users:read`; others get the status without a body (204 for a 200).
    if (declaredResponse(operation).kind === 'user') answer(status === '200' ? '204' : status, { adapter, content: undefined, withheld: true });
  }
  return Object.fromEntries(
    [...byStatus].map(([status, answers]) => {
      const sent = answers.filter((success) => !success.withheld);
      const withContent = sent.flatMap(({ adapter, content }) => (content ? [{ adapter, content }] : []));
      const bodies =
        sent.length <= 1 || withContent.length === sent.length
          ? ''
          : ` ${sent.map(({ adapter, content }) => `\`${adapter.name}\`: ${content ? 'with a body' : 'no body'}.`).join(' ')}`;
      const withheld = answers.some((success) => success.withheld) ? ' A token without `users:read` gets no body.' : '';
      return [
        status,
        { description: `${successDescription(status)}${bodies}${withheld}`, ...(withContent.length > 0 && { content: mergedContent(withContent) }) },
      ];
    }),
  );
}

/** Media types of several adapters merged: one schema each, or `anyOf` them; one example, or one per adapter. */
function mergedContent(contents: { adapter: AdapterDefinition; content: Record<string, Media> }[]): Record<string, Media> {
  const types = [...new Set(contents.flatMap(({ content }) => Object.keys(content)))];
  return Object.fromEntries(
    types.map((type) => {
      const medias = contents.flatMap(({ adapter, content }) => (content[type] ? [{ adapter, media: content[type] }] : []));
      const [only] = medias;
      if (medias.length === 1 && only) return [type, only.media];
      const schema = mergedSchema(medias.map(({ media }) => media.schema as JsonSchema));
      const examples = Object.fromEntries(
        medias.filter(({ media }) => media.example !== undefined).map(({ adapter, media }) => [adapter.name, { summary: adapter.name, value: media.example }]),
      );
      return [type, { schema, ...(Object.keys(examples).length > 0 && { examples }) }];
    }),
  );
}

function mergedSchema(schemas: JsonSchema[]): JsonSchema {
  const distinct = [...new Map(schemas.map((schema) => [JSON.stringify(schema), schema])).values()];
  const [only] = distinct;
  return distinct.length === 1 && only ? only : { anyOf: distinct };
}

/** Parameters of several declarers by name: required only where every one requires it. */
function mergedParameters(lists: ReturnType<typeof objectParameters>[]) {
  const byName = new Map<string, ReturnType<typeof objectParameters>>();
  for (const parameter of lists.flat()) byName.set(parameter.name, [...(byName.get(parameter.name) ?? []), parameter]);
  return [...byName.values()].map((same) => {
    const [first] = same as [ReturnType<typeof objectParameters>[number], ...ReturnType<typeof objectParameters>];
    const required = same.length === lists.length && same.every((parameter) => parameter.required);
    return { ...first, required: first.in === 'path' || required, schema: mergedSchema(same.map((parameter) => parameter.schema)) };
  });
}

function successDescription(status: string): string {
  if (status === '201') return 'Created.';
  if (status === '202') return 'Accepted: the provider is on it.';
  if (status === '204') return 'Done; no body.';
  return 'Done.';
}

function responseContent(adapter: AdapterDefinition, operation: ProviderOperation): Record<string, Media> | undefined {
  const response = declaredResponse(operation);
  const example = operation.example?.response;
  switch (response.kind) {
    case 'json':
      return json(toJsonSchema(response.schema), example);
    case 'user':
      // As a connection named after its adapter would answer.
      return json(ref('User'), example === undefined ? undefined : toCanonicalUser({ name: adapter.name, adapter }, example as ProviderUserFields));
    case 'document':
      return Object.fromEntries(
        response.contentTypes.map((type) => [type, { schema: { type: 'string', maxLength: response.maxBytes }, ...(example !== undefined && { example }) }]),
      );
    default:
      return undefined;
  }
}

function requestContent(operation: ProviderOperation): Record<string, Media> {
  const { body } = operation;
  if (!body) return {};
  if (body.kind === 'json') return json(toJsonSchema(body.schema), operation.example?.body);
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
