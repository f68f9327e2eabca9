import type { Express } from 'express';
import { adapters } from '../../adapters';
import type Joi from 'joi';
import { canonicalUserSchema, type ProviderUserFields } from '../../src/canonical/user';
import { declaredResponse } from '../../src/connections/operations';
import { openApiExamples } from '../../src/http/openapi-examples';
import { toCanonicalUser } from '../../src/users/projection';
import { startHarness, type Harness } from '../support/harness';
import { lintOpenApi, OpenApiValidator } from '../support/openapi';
import type { Finding } from '../support/openapi-lint.mjs';

interface Media {
  schema: { format?: string };
  example?: unknown;
  /** Where several adapters share an operation: one example each. */
  examples?: Record<string, { value: unknown }>;
}

interface Operation {
  operationId: string;
  tags?: string[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { $ref?: string; content?: Record<string, Media> }>;
}

type OpenApiDocument = ConstructorParameters<typeof OpenApiValidator>[0] & {
  openapi: string;
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
};

/** Every request body and 2xx answer of the document, by where it is. */
function bodiesOf(document: OpenApiDocument): { where: string; media: Media }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, operation]) => {
      const answers = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      return [
        ...Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => ({ where: `${method} ${path} request ${type}`, media })),
        ...answers.flatMap(([status, answer]) =>
          Object.entries(answer.content ?? {}).map(([type, media]) => ({ where: `${method} ${path} ${status} ${type}`, media })),
        ),
      ];
    }),
  );
}

const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

const operationsOf = (document: OpenApiDocument) => Object.values(document.paths).flatMap((item) => Object.values(item));

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) the express app really serves, from its router stacks. */
function servedRoutes(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) routes.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, `${prefix}${layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes.map((route) => route.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1'));
}

describe('OpenAPI document', () => {
  let harness: Harness;
  let document: OpenApiDocument;
  beforeAll(async () => {
    harness = await startHarness();
    document = (await harness.http.get('/openapi.json')).body;
  });
  afterAll(() => harness.close());

  it('when fetched, then it is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('when the app is inspected, then every route it serves is in the document', () => {
    const documented = new Set(Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)));
    const served = servedRoutes(harness.gateway.app).filter((route) => !route.startsWith('GET /docs/'));
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
    expect(served.length).toBeGreaterThan(8);
  });

  describe('when linted by Redocly (recommended ruleset) and Spectral (spectral:oas)', () => {
    let findings: Finding[];
    beforeAll(async () => {
      findings = await lintOpenApi(document);
    }, 60_000);

    it('then neither reports an error', () => {
      expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    });

    it('then the only warnings ask for a licence and a contact, which this unlicensed project has none of to give', () => {
      const warnings = findings.filter((finding) => finding.severity !== 'error').map(({ tool, rule }) => `${tool} ${rule}`);
      expect(warnings.sort()).toEqual(['redocly info-license', 'spectral info-contact']);
    });
  });

  it('when its bodies are read, then every request body and 2xx answer but raw bytes carries an example', () => {
    const missing = bodiesOf(document).filter(({ media }) => media.example === undefined && media.examples === undefined && media.schema.format !== 'binary');
    expect(missing.map(({ where }) => where)).toEqual([]);
  });

  it('when its examples are checked against their schemas, then every one matches', () => {
    const validator = new OpenApiValidator(document);
    const mismatches = bodiesOf(document).flatMap(({ where, media }) =>
      [...(media.example === undefined ? [] : [media.example]), ...Object.values(media.examples ?? {}).map((example) => example.value)].flatMap((example) => {
        const mismatch = validator.mismatch(media.schema, example);
        return mismatch ? [`${where}: ${mismatch}`] : [];
      }),
    );
    expect(mismatches).toEqual([]);
  });

  it("when a provider-only operation's example is checked against the operation's own joi schemas, then they accept it", () => {
    const rejected = (schema: Joi.Schema, value: unknown) => schema.validate(value).error?.message;
    const problems = harness.gateway.connections.list().flatMap((connection) =>
      (connection.provider.operations ?? []).flatMap((operation) => {
        const { body, response } = operation.example ?? {};
        const declared = declaredResponse(operation);
        const found = [
          operation.body?.kind === 'json' && rejected(operation.body.schema, body),
          declared.kind === 'json' && rejected(declared.schema, response),
          declared.kind === 'user' && rejected(canonicalUserSchema, toCanonicalUser(connection, response as ProviderUserFields)),
        ];
        return found.filter((problem) => typeof problem === 'string').map((problem) => `${connection.name}.${operation.id}: ${problem}`);
      }),
    );
    expect(problems).toEqual([]);
  });

  it('when the create example is sent, then the gateway creates that user', async () => {
    const { createUser, createdUser } = openApiExamples(adapters);
    const response = await harness.http.post('/v1/users').set('Authorization', harness.bearer()).send(createUser);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ email: createdUser.email, name: createdUser.name, connection: createdUser.connection });
  });

  it('when the patch example is sent to the user it shows, then the gateway applies it', async () => {
    const { patchedUserId, userPatch } = openApiExamples(adapters);
    const response = await harness.http
      .patch(`/v1/users/${encodeURIComponent(patchedUserId)}`)
      .set('Authorization', harness.bearer())
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify(userPatch));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject(userPatch);
  });

  it('when an operation is read, then its tag is in the top-level tag list', () => {
    const tags = new Set(document.tags.map((tag) => tag.name));
    const untagged = operationsOf(document).filter((operation) => !operation.tags?.length || !operation.tags.every((tag) => tags.has(tag)));
    expect(untagged.map((operation) => operation.operationId)).toEqual([]);
  });

  it('when an operation lists a problem status, then its answer is the one Problem schema as problem+json (readiness keeps its own 503 body)', () => {
    const validator = new OpenApiValidator(document);
    const others = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        Object.entries(operation.responses)
          .filter(([status]) => status === 'default' || Number(status) >= 400)
          .filter(([status]) => !(path === '/readyz' && status === '503'))
          .filter(([, answer]) => JSON.stringify(validator.resolved(answer).content) !== JSON.stringify(PROBLEM_CONTENT))
          .map(([status]) => `${method} ${path} ${status}`),
      ),
    );
    expect(others).toEqual([]);
  });

  it('when an operation honours Idempotency-Key, then it documents 422 for a key reused with another request, and only then (another 422 says its own words)', () => {
    const reusedKey = (operation: Operation) => operation.responses['422']?.$ref === '#/components/responses/IdempotencyKeyReused';
    const wrong = operationsOf(document).filter(
      (operation) => (operation.parameters ?? []).some((parameter) => parameter.name === 'Idempotency-Key') !== reusedKey(operation),
    );
    expect(wrong.map((operation) => operation.operationId)).toEqual([]);
  });

  it('when a route runs a canonical user operation, then it documents 501 (a provider may lack it; connections come and go at run time)', () => {
    const routes = [
      ['/v1/users/{id}', 'get'],
      ['/v1/users', 'post'],
      ['/v1/users/{id}', 'patch'],
      ['/v1/users/{id}', 'delete'],
    ] as const;
    expect(routes.filter(([path, method]) => !('501' in document.paths[path]![method]!.responses))).toEqual([]);
  });

  it('when a connection is opened, then its provider-only operations are the ones its adapter declares', () => {
    const shape = (operations: readonly { id: string; method: string; path: string; scopes: string[]; idempotent: boolean }[] = []) =>
      operations.map(({ id, method, path, scopes, idempotent }) => ({ id, method, path, scopes, idempotent }));
    for (const connection of harness.gateway.connections.list()) {
      expect({ connection: connection.name, operations: shape(connection.provider.operations) }).toEqual({
        connection: connection.name,
        operations: shape(connection.adapter.operations),
      });
    }
  });

  it('when several adapters declare the same method and path, then it is one operation that names each of them', () => {
    const declarers = new Map<string, string[]>();
    for (const adapter of adapters) {
      for (const operation of adapter.operations ?? []) {
        const route = `${operation.method.toLowerCase()} /v1/connections/{connection}${operation.path.replace(/:(\w+)/g, '{$1}')}`;
        declarers.set(route, [...(declarers.get(route) ?? []), `${adapter.name}.${operation.id}`]);
      }
    }
    for (const [route, ids] of declarers) {
      const [method, path] = route.split(' ') as [string, string];
      const operation = document.paths[path]![method]!;
      expect({ route, operationId: operation.operationId.split('+'), tags: operation.tags }).toEqual({
        route,
        operationId: ids,
        tags: ids.map((id) => id.split('.')[0]),
      });
    }
  });

  describe('when the gateway has other connections', () => {
    let other: Harness;
    beforeAll(async () => {
      other = await startHarness({ connections: adapters.slice(1).map((adapter) => ({ adapter, name: `renamed-${adapter.name}` })) });
    });
    afterAll(() => other.close());

    it('then the document is the same: it depends on the adapters, never on which connections are configured', async () => {
      expect((await other.http.get('/openapi.json')).body).toEqual(document);
    });

    it('then it names none of them', async () => {
      expect((await other.http.get('/openapi.json')).text).not.toContain('renamed-');
    });
  });

  it.each(['/healthz', '/v1/connections'])('when GET %s comes with a body, then it answers the 400 it documents without reading it', async (path) => {
    const response = await harness.http.get(path).set('Authorization', harness.bearer()).set('Content-Type', 'application/json').send('{');
    expect(response.status).toBe(400);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.detail).toBe('A GET carries no body.');
  });

  it('when /docs is opened, then the page loads Swagger UI from the gateway itself under a CSP without inline scripts', async () => {
    const page = await harness.http.get('/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const assets = await Promise.all(
      ['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/docs/init.js'].map((path) => harness.http.get(path)),
    );
    expect(assets.map((asset) => asset.status)).toEqual([200, 200, 200]);
  });
});
