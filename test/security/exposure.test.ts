import supertest from 'supertest';
import { adapters } from '../../adapters';
import { startHarness, type Harness } from '../support/harness';

/**
 * What anyone who can reach the API port learns without a token: nothing about which connections
 * are configured. Readiness counts them; metrics (labelled by connection) are served on a listener
 * of their own, on loopback by default; the OpenAPI document names adapters only.
 */
describe('what the API port tells a client without a token', () => {
  let harness: Harness;
  let port: number;
  let metricsPort: number | undefined;
  beforeAll(async () => {
    harness = await startHarness({
      connections: adapters.map((adapter) => ({ adapter, name: `secret-${adapter.name}` })),
      metrics: { port: 0 },
    });
    port = await harness.gateway.listen(0);
    metricsPort = harness.gateway.metricsPort();
  });
  afterAll(() => harness.close());
  const api = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);

  it.each(['/readyz', '/openapi.json', '/healthz', '/docs'])('when %s is read, then it names no connection', async (path) => {
    const response = await api(path);
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain('secret-');
  });

  it('when /readyz is read, then it counts the connections by breaker state', async () => {
    const body = (await (await api('/readyz')).json()) as { checks: { connections: unknown } };
    expect(body.checks.connections).toEqual({ closed: adapters.length, 'half-open': 0, open: 0 });
  });

  it('when /metrics is asked of the API port, then 404', async () => {
    expect((await api('/metrics')).status).toBe(404);
  });

  it('when the metrics listener is asked, then it serves Prometheus text, labelled by connection', async () => {
    expect(metricsPort).toEqual(expect.any(Number));
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toContain('usergate_breaker_state{connection="secret-');
  });

  it('when the metrics listener is asked for anything else, then 404', async () => {
    expect((await fetch(`http://127.0.0.1:${metricsPort}/v1/users`)).status).toBe(404);
  });

  it('when no port is configured for metrics (metrics: false), then nothing listens for them', async () => {
    const without = await startHarness({ connections: [{ adapter: adapters[0]! }], metrics: false });
    try {
      await without.gateway.listen(0);
      expect(without.gateway.metricsPort()).toBeUndefined();
      expect((await supertest(without.gateway.app).get('/metrics')).status).toBe(404);
    } finally {
      await without.close();
    }
  });
});
