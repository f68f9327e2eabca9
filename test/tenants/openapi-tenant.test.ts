import { adapters } from '../../adapters';
import { buildOpenApi } from '../../src/http/openapi';

interface Operation {
  parameters?: { name: string; in: string }[];
}

describe('the Usergate-Tenant header in the OpenAPI document', () => {
  const document = buildOpenApi(adapters, '0.0.0') as { paths: Record<string, Record<string, Operation>> };
  const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));

  it('when an operation is under /v1, then it documents the Usergate-Tenant header once', () => {
    const v1 = operations.filter(({ path }) => path.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThan(5);
    for (const { path, method, operation } of v1) {
      const headers = (operation.parameters ?? []).filter((parameter) => parameter.name === 'Usergate-Tenant' && parameter.in === 'header');
      expect({ path, method, headers: headers.length }).toEqual({ path, method, headers: 1 });
    }
  });

  it('when a route is not under /v1 (health, readiness, docs), then it takes no tenant', () => {
    for (const { operation } of operations.filter(({ path }) => !path.startsWith('/v1/'))) {
      expect((operation.parameters ?? []).map((parameter) => parameter.name)).not.toContain('Usergate-Tenant');
    }
  });
});
