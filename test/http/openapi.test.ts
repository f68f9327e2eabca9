import type { Express } from 'express';
import { startHarness, type Harness } from '../support/harness';

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
  let document: { openapi: string; paths: Record<string, Record<string, unknown>> };
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
