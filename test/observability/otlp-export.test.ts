import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adapters } from '../../adapters';
import { mintToken } from '../../src/auth/jwt';
import type { RunningSimulator } from '../../src/connections/adapter';
import { startGatewayProcess } from '../support/gateway-process';
import { configuredConnection } from '../support/registry';

/** Every adapter that can look a person up by email: a fan-out over all of them. */
const lookups = adapters.filter((adapter) => adapter.capabilities.lookup.includes('email'));
const jwt = { secret: 'otlp-export-test-secret-otlp-export-test', audience: 'usergate', issuer: 'usergate' };
const CLIENT_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  arrayValue?: { values: OtlpValue[] };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: OtlpValue }[];
}
interface OtlpExport {
  resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

/** A collector's OTLP/HTTP receiver, as small as it gets: keeps every JSON export it is sent. */
async function otlpReceiver(): Promise<{ url: string; exports: OtlpExport[]; contentTypes: string[]; close(): Promise<void> }> {
  const exports: OtlpExport[] = [];
  const contentTypes: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        contentTypes.push(req.headers['content-type'] ?? '');
        exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    contentTypes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const attribute = (span: OtlpSpan, key: string) => span.attributes.find((entry) => entry.key === key)?.value;

describe('traces over OTLP/HTTP', () => {
  it('when a lookup fans out, then the collector receives one trace, continuing the client, with one span per connection', async () => {
    expect(lookups.length).toBeGreaterThan(1);
    const receiver = await otlpReceiver();
    const simulators: RunningSimulator[] = await Promise.all(lookups.map((adapter) => adapter.startSimulator()));
    const connections = Object.fromEntries(
      lookups.map((adapter, index) => {
        const simulator = simulators[index]!;
        return [adapter.name, { adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options }];
      }),
    );
    const gateway = startGatewayProcess(
      { auth: { jwt: { secret: '${JWT_SECRET}', audience: jwt.audience, issuer: jwt.issuer } }, rateLimit: false, cache: { enabled: false }, connections },
      { JWT_SECRET: jwt.secret, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'usergate-e2e' },
    );
    try {
      const token = mintToken({ ...jwt, algorithms: ['HS256'] }, { subject: 'tracer', scopes: ['users:read'], ttlSeconds: 60 });
      const response = await fetch(`${await gateway.url}/v1/users?email=nobody@example.com`, {
        headers: { authorization: `Bearer ${token}`, traceparent: `00-${CLIENT_TRACE_ID}-b7ad6b7169203331-01` },
      });
      expect(response.status).toBe(200);
      // SIGTERM drains the gateway, which sends the spans it still holds before it exits.
      await gateway.stop();
      expect(await gateway.exited).toBe(0);

      expect(receiver.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);
      const resources = receiver.exports.flatMap((batch) => batch.resourceSpans);
      const services = resources.map((resource) => resource.resource.attributes.find((entry) => entry.key === 'service.name')?.value.stringValue);
      expect(new Set(services)).toEqual(new Set(['usergate-e2e']));
      const spans = resources.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
      const trace = spans.filter((span) => span.traceId === CLIENT_TRACE_ID);
      const server = trace.find((span) => span.name === 'GET /v1/users')!;
      expect(server.parentSpanId).toBe('b7ad6b7169203331');
      const calls = trace.filter((span) => span.name === 'connection');
      expect(calls.map((span) => attribute(span, 'usergate.connection')?.stringValue).sort()).toEqual(lookups.map((adapter) => adapter.name).sort());
      expect(calls.every((span) => span.parentSpanId === server.spanId)).toBe(true);
      const attempts = trace.filter((span) => attribute(span, 'usergate.attempt') !== undefined);
      expect(attempts.length).toBeGreaterThanOrEqual(lookups.length);
      expect(attempts.every((span) => calls.some((call) => call.spanId === span.parentSpanId))).toBe(true);
      expect(JSON.stringify(trace)).not.toContain('nobody@example.com');
    } finally {
      gateway.child.kill('SIGKILL');
      await receiver.close();
      await Promise.all(simulators.map((simulator) => simulator.close()));
    }
  });

  it("when the config file's tracing key names the endpoint, then spans are posted to its /v1/traces under the configured service name", async () => {
    const receiver = await otlpReceiver();
    const gateway = startGatewayProcess(
      {
        auth: { jwt: { secret: '${JWT_SECRET}', audience: jwt.audience, issuer: jwt.issuer } },
        connections: { [lookups[0]!.name]: await configuredConnection(lookups[0]!) },
        tracing: { endpoint: receiver.url, serviceName: 'from-file', sampler: 'always_on' },
      },
      { JWT_SECRET: jwt.secret },
    );
    try {
      expect((await fetch(`${await gateway.url}/healthz`)).status).toBe(200);
      await gateway.stop();
      const resources = receiver.exports.flatMap((batch) => batch.resourceSpans);
      expect(resources.map((resource) => resource.resource.attributes.find((entry) => entry.key === 'service.name')?.value.stringValue)).toContain('from-file');
      expect(resources.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)).map((span) => span.name)).toContain('GET /healthz');
    } finally {
      gateway.child.kill('SIGKILL');
      await receiver.close();
    }
  });
});
