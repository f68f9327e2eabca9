import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const DIST = join(__dirname, '../../dist');

/**
 * The OpenTelemetry packages a gateway process has loaded once created (module caches are per
 * process, so each is a fresh one), with tracing configured or not. A connection to the first
 * adapter's simulator, the least a configuration holds.
 */
async function openTelemetryLoaded(tracing: Record<string, unknown> | undefined): Promise<string[]> {
  const script = `(async () => {
    const { adapters: [adapter, ...others] } = require(${JSON.stringify(join(DIST, 'adapters'))});
    const { parseConfig } = require(${JSON.stringify(join(DIST, 'src/config/load'))});
    const { createGateway } = require(${JSON.stringify(join(DIST, 'src/gateway'))});
    const simulator = await adapter.startSimulator();
    const config = parseConfig({
      auth: { jwt: { secret: 'tracing-on-demand-test-secret-0123456789', audience: 'usergate', issuer: 'usergate' } },
      metrics: false,
      allowedBaseUrls: { [adapter.name]: [simulator.baseUrl] },
      connections: { only: { adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options } },
      ...${JSON.stringify(tracing ? { tracing } : {})},
    }, [adapter, ...others], {});
    const gateway = createGateway(config, { adapters: [adapter, ...others] });
    const loaded = new Set(Object.keys(require.cache).flatMap((file) => file.match(/@opentelemetry\\/[^/]+/g) ?? []));
    await gateway.close();
    await simulator.close();
    process.stdout.write(JSON.stringify([...loaded]));
  })().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { timeout: 30_000 });
  return JSON.parse(stdout) as string[];
}

describe("OpenTelemetry's SDK, loaded only for tracing", () => {
  it('when tracing is not configured, then the gateway loads neither the SDK nor the exporter', async () => {
    const loaded = await openTelemetryLoaded(undefined);
    expect(loaded).not.toContain('@opentelemetry/sdk-trace');
    expect(loaded).not.toContain('@opentelemetry/exporter-trace-otlp-http');
  });

  it('when tracing is configured, then it loads them (otlp-export.test.ts follows its spans to a collector)', async () => {
    const loaded = await openTelemetryLoaded({ endpoint: 'http://127.0.0.1:4318' });
    expect(loaded).toEqual(expect.arrayContaining(['@opentelemetry/sdk-trace', '@opentelemetry/exporter-trace-otlp-http']));
  });
});
