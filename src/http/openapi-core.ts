import { toJsonSchema, type JsonSchema } from './json-schema';
import { HEALTH_EXAMPLE, HTML_EXAMPLE, OPENAPI_EXAMPLE, type OpenApiExamples } from './openapi-examples';
import { problems, type ProblemStatus } from './openapi-problems';
import { healthSchema, readinessSchema } from './schemas';

type OperationObject = Record<string, unknown>;
export type PathItem = Record<string, OperationObject>;

/** The core routes' tags. Connection names are lower case, so a connection's own tag never collides with these. */
export const CORE_TAGS = [
  { name: 'Users', description: 'Canonical users at every connection: look up by email, phone or national id; read, create, update and delete one.' },
  { name: 'People', description: 'The fan-out lookup grouped into the people its accounts belong to.' },
  { name: 'Connections', description: 'The configured connections: adapters, capabilities, provider-only operations and health.' },
  { name: 'Service', description: 'Liveness, readiness, this document and the ops console; none of them needs a token.' },
];

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: JsonSchema, example?: unknown) => ({ 'application/json': { schema, ...(example !== undefined && { example }) } });

export const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  description: 'Makes the write happen at most once: a repeat with the same key and body gets the first answer (`Idempotent-Replayed: true`).',
  schema: { type: 'string', maxLength: 255 },
};

/** The tenant a request acts in (DESIGN §8), for tokens whose `tenants` claim lets them pick one. */
export const tenantHeader = {
  name: 'Usergate-Tenant',
  in: 'header',
  description:
    'The tenant this request acts in, for a token whose `tenants` claim lists it (or is `["*"]`); without it, the token\'s own `tenant` ' +
    '(else `default`). Naming a tenant the token may not use is 403.',
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
};

/** Every /v1 operation acts within one tenant, so every one takes the header. */
export function withTenantHeader(paths: Record<string, PathItem>): Record<string, PathItem> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      path.startsWith('/v1/')
        ? Object.fromEntries(
            Object.entries(item).map(([method, operation]) => [
              method,
              { ...operation, parameters: [...((operation.parameters as unknown[] | undefined) ?? []), tenantHeader] },
            ]),
          )
        : item,
    ]),
  );
}

const userIdParameter = (example: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: 'Global id `<connection>:<providerUserId>`.',
  schema: { type: 'string' },
  example,
});

const LOOKUP_PARAMETERS = [
  { name: 'email', in: 'query', description: 'Exactly one of `email`, `phone` and `nationalId` says what to look up.', schema: { type: 'string' } },
  { name: 'phone', in: 'query', description: 'E.164, like `+37060012345`.', schema: { type: 'string' } },
  { name: 'nationalId', in: 'query', description: 'Needs `nationality` and the `users:pii` scope.', schema: { type: 'string' } },
  { name: 'nationality', in: 'query', description: 'ISO 3166-1 alpha-2 country of the national id.', schema: { type: 'string' } },
  {
    name: 'connections',
    in: 'query',
    description: 'Comma-separated connection names (default: every connection the token may reach).',
    schema: { type: 'string' },
  },
];

const unauthenticated = { security: [] };
const BODY_ON_A_READ = 'A GET carries no body, and this one came with one (never read).';
/** What every /v1 route can answer before it does anything: a bad token, a missing scope, too many requests. */
const V1: ProblemStatus[] = [400, 401, 403, 429];
/** What every call to a provider can end in. */
const PROVIDER: ProblemStatus[] = [502, 503, 504];

/**
 * The canonical routes, described once. A route that runs a user operation documents 501: a
 * connection's provider may lack it (DESIGN §3), and connections can come and go at run time.
 */
export function corePaths(examples: OpenApiExamples): Record<string, PathItem> {
  const userId = userIdParameter(examples.userId);
  return {
    '/v1/users': {
      get: {
        operationId: 'findUsers',
        tags: ['Users'],
        summary: 'Look users up at every connection',
        description:
          'Fan-out lookup by exactly one of `email`, `phone` (E.164) or `nationalId` (with `nationality`). Needs `users:read`, and ' +
          '`users:pii` for a national id. A connection that fails does not fail the lookup: its outcome says what happened.',
        parameters: LOOKUP_PARAMETERS,
        responses: {
          200: { description: 'Users found, and the outcome at each connection.', content: json(ref('FanOut'), examples.fanOut) },
          ...problems(V1, { 400: 'Not exactly one lookup key, an invalid value, or an unknown connection name.' }),
        },
      },
      post: {
        operationId: 'createUser',
        tags: ['Users'],
        summary: 'Create a user at one connection',
        description:
          'Creates the user at the named connection (`users:write`); `options` are that adapter’s own create options. ' +
          'With an `Idempotency-Key`, a repeat never creates a second user.',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(ref('CreateUserRequest'), examples.createUser) },
        responses: {
          201: {
            description: 'Created: the user, or only its `id` for a token without `users:read`.',
            content: json({ anyOf: [ref('User'), ref('CreatedId')] }, examples.createdUser),
          },
          ...problems([...V1, 409, 422, 501, ...PROVIDER], {
            409: 'The provider already has a user with these details, or a request with this `Idempotency-Key` is still in progress.',
          }),
        },
      },
    },
    '/v1/users/{id}': {
      get: {
        operationId: 'getUser',
        tags: ['Users'],
        summary: 'Read one user',
        description:
          'One canonical user (`users:read`; the personal-data fields are null without `users:pii`). `include=provenance` adds where ' +
          'each field came from; `Cache-Status` tells how the answer was served, where operators turn it on (`cache.statusHeader`).',
        parameters: [
          userId,
          { name: 'include', in: 'query', description: '`provenance`: where each field came from.', schema: { type: 'string', enum: ['provenance'] } },
        ],
        responses: {
          200: { description: 'The user (with `provenance` when asked).', content: json(ref('UserWithProvenance'), examples.userWithProvenance) },
          ...problems([...V1, 404, 501, ...PROVIDER]),
        },
      },
      patch: {
        operationId: 'updateUser',
        tags: ['Users'],
        summary: 'Update a user',
        description: 'A JSON merge patch (RFC 7396) of canonical fields (`users:write`): `null` removes a value.',
        parameters: [userId],
        requestBody: {
          required: true,
          content: {
            'application/merge-patch+json': { schema: ref('UserPatch'), example: examples.userPatch },
            ...json(ref('UserPatch'), examples.userPatch),
          },
        },
        responses: {
          200: { description: 'The updated user.', content: json(ref('User'), examples.patchedUser) },
          204: { description: 'Updated; a token without `users:read` gets no body.' },
          ...problems([...V1, 404, 409, 501, ...PROVIDER], { 409: 'The provider refused: a value is taken by another user.' }),
        },
      },
      delete: {
        operationId: 'deleteUser',
        tags: ['Users'],
        summary: 'Delete a user',
        description: 'Deletes the user where the provider can (`users:write`); the connection’s capabilities say where.',
        parameters: [userId],
        responses: { 204: { description: 'Deleted.' }, ...problems([...V1, 404, 501, ...PROVIDER]) },
      },
    },
    '/v1/people': {
      get: {
        operationId: 'findPeople',
        tags: ['People'],
        summary: 'Look people up at every connection',
        description:
          'The fan-out lookup of `GET /v1/users` grouped into people: linked accounts with their reasons, a merged record whose ' +
          'fields name their origins or list their conflicts, candidates that share something but disagree, and exists-only answers.',
        parameters: LOOKUP_PARAMETERS,
        responses: {
          200: { description: 'People found, and the outcome at each connection.', content: json(ref('People'), examples.people) },
          ...problems(V1, { 400: 'Not exactly one lookup key, an invalid value, or an unknown connection name.' }),
        },
      },
    },
    '/healthz': {
      get: service('health', 'Liveness', 'Answers while the process runs.', {
        200: { description: 'Alive.', content: json(toJsonSchema(healthSchema), HEALTH_EXAMPLE) },
      }),
    },
    '/readyz': {
      get: service(
        'ready',
        'Readiness',
        'Ready when not draining and at least one connection is usable. An unusable Redis shows as `redis: degraded` (fail-open; not ready only with `redis.requiredForReadiness`), a connection store that does not answer as `store: degraded`; neither makes it not ready by default.',
        {
          200: { description: 'Ready.', content: json(toJsonSchema(readinessSchema), examples.ready) },
          503: { description: 'Not ready.', content: json(toJsonSchema(readinessSchema), examples.notReady) },
        },
      ),
    },
    '/openapi.json': {
      get: service('openapi', 'This document', 'The OpenAPI 3.1 description of this gateway, its adapters’ operations included.', {
        200: { description: 'OpenAPI 3.1.', content: json({ type: 'object' }, OPENAPI_EXAMPLE) },
      }),
    },
    '/docs': {
      get: service('docs', 'This document, rendered', 'Swagger UI, served by the gateway itself.', {
        200: { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' }, example: HTML_EXAMPLE } } },
      }),
    },
    '/console': {
      get: service(
        'console',
        'The ops console',
        'A web page that signs in with a token (kept in the browser) and searches every connection.',
        { 200: { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' }, example: HTML_EXAMPLE } } } },
        { 404: 'This gateway was built without the console.' },
      ),
    },
  };
}

/** An unauthenticated route of the service itself. */
function service(
  operationId: string,
  summary: string,
  description: string,
  answers: Record<string, unknown>,
  own: Partial<Record<ProblemStatus, string>> = {},
): OperationObject {
  const statuses = Object.keys(own).map(Number) as ProblemStatus[];
  return {
    ...unauthenticated,
    operationId,
    tags: ['Service'],
    summary,
    description,
    responses: { ...answers, ...problems([400, ...statuses], { 400: BODY_ON_A_READ, ...own }) },
  };
}
