import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { RunningSimulator } from '../../src/connections/adapter';
import { tracingInto } from '../../src/observability/tracing';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, adaptersWith, personId } from '../support/registry';

/** Any adapter that reads users: what is traced is the gateway's business, not the provider's. */
const adapter = adapterWith({ lookup: 'email' });
const user = `/v1/users/${encodeURIComponent(personId(adapter))}`;
const CLIENT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';
const traceparent = `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01`;

/** A loopback HTTP hop in front of a simulator that keeps the trace headers each request brought. */
async function recordingHop(simulator: RunningSimulator): Promise<{ baseUrl: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const target = new URL(simulator.baseUrl);
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ traceparent: req.headers.traceparent, tracestate: req.headers.tracestate });
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname.replace(/\/$/, '')}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The spans of that kind, leaving out those of the harness's own fetch of the OpenAPI document (which checks every answer). */
const named = (spans: ReadableSpan[], kind: SpanKind) => spans.filter((span) => span.kind === kind && span.attributes['http.route'] !== '/openapi.json');
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  let simulator: RunningSimulator;
  let hop: Awaited<ReturnType<typeof recordingHop>>;
  let harness: Harness;

  beforeAll(async () => {
    simulator = await adapter.startSimulator();
    hop = await recordingHop(simulator);
    harness = await startHarness({
      connections: [
        {
          adapter,
          simulator: { ...simulator, baseUrl: hop.baseUrl },
          timeouts: { attemptMs: 2_000, totalMs: 5_000 },
          settings: { breaker: { minimumCalls: 100_000 } },
        },
      ],
      tracing: tracingInto([new SimpleSpanProcessor({ exporter })]),
    });
  });
  afterAll(async () => {
    await harness.close();
    await hop.close();
    await simulator.close();
  });
  beforeEach(() => {
    exporter.reset();
    hop.seen.length = 0;
    simulator.faults.clear();
  });

  async function read(headers: Record<string, string> = {}) {
    const response = await harness.http.get(user).set('Authorization', harness.bearer()).set(headers);
    // The request span ends when the response closes, a moment after supertest has the answer.
    await waitFor(() => named(exporter.getFinishedSpans(), SpanKind.SERVER).length > 0);
    const server = named(exporter.getFinishedSpans(), SpanKind.SERVER)[0]!;
    return { response, spans: exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === server.spanContext().traceId) };
  }

  it('when a user is read, then its request is one server span named by the route template, with its tenant and connection', async () => {
    const { response, spans } = await read();
    expect(response.status).toBe(200);
    const [server, ...others] = named(spans, SpanKind.SERVER);
    expect(others).toEqual([]);
    expect(server!.name).toBe('GET /v1/users/:id');
    expect(server!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/v1/users/:id',
      'http.response.status_code': 200,
      'usergate.tenant': 'default',
      'usergate.connection': adapter.name,
    });
  });

  it('when a user is read, then the connection call is a child of the request and each upstream attempt a child of the call', async () => {
    const { spans } = await read();
    const server = named(spans, SpanKind.SERVER)[0]!;
    const call = spans.find((span) => span.name === 'connection')!;
    const [attempt] = named(spans, SpanKind.CLIENT);
    expect(parentOf(call)).toBe(server.spanContext().spanId);
    expect(call.attributes).toMatchObject({ 'usergate.connection': adapter.name, 'usergate.adapter': adapter.name });
    expect(parentOf(attempt!)).toBe(call.spanContext().spanId);
    expect(attempt!.name).toBe('GET getUser');
    expect(attempt!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'usergate.adapter': adapter.name,
      'usergate.connection': adapter.name,
      'usergate.operation': 'getUser',
      'usergate.attempt': 1,
      'usergate.breaker.state': 'closed',
    });
    expect(spans.map((span) => span.name).sort()).toEqual(['GET /v1/users/:id', 'GET getUser', 'connection']);
  });

  it("when the client sends a traceparent, then the request continues the client's trace", async () => {
    const { spans } = await read({ traceparent, tracestate: 'vendor=opaque' });
    const server = named(spans, SpanKind.SERVER)[0]!;
    expect(server.spanContext().traceId).toBe(CLIENT_TRACE_ID);
    expect(parentOf(server)).toBe(CLIENT_SPAN_ID);
    expect(server.spanContext().traceState?.get('vendor')).toBe('opaque');
    expect(spans.every((span) => span.spanContext().traceId === CLIENT_TRACE_ID)).toBe(true);
  });

  it('when a read is retried, then each attempt is a span: its number, and why the one before it was retried', async () => {
    simulator.faults.set({ errorRate: 1, errorStatus: 503, count: 1 });
    const { response, spans } = await read();
    expect(response.status).toBe(200);
    const attempts = named(spans, SpanKind.CLIENT).sort((a, b) => Number(a.attributes['usergate.attempt']) - Number(b.attributes['usergate.attempt']));
    expect(attempts.map((span) => span.attributes['http.response.status_code'])).toEqual([503, 200]);
    expect(attempts[0]!.attributes['error.type']).toBe('503');
    expect(attempts[1]!.attributes).toMatchObject({ 'usergate.attempt': 2, 'http.request.resend_count': 1, 'usergate.retry.reason': '503' });
  });

  it('when a provider is called, then no traceparent goes to it unless its connection asks', async () => {
    await read({ traceparent });
    expect(hop.seen.length).toBeGreaterThan(0);
    expect(hop.seen.every((headers) => headers.traceparent === undefined && headers.tracestate === undefined)).toBe(true);
  });

  it('when a request is traced, then its access, audit and service log lines carry its trace and span ids', async () => {
    harness.logs.length = 0;
    const { spans } = await read({ traceparent });
    await waitFor(() => harness.logs.some((line) => line.includes('"message":"request"')));
    const server = named(spans, SpanKind.SERVER)[0]!;
    const lines = harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const access = lines.find((line) => line.message === 'request')!;
    const audit = lines.find((line) => line.log === 'audit')!;
    const upstream = lines.find((line) => line.message === 'upstream call')!;
    expect(access).toMatchObject({ trace_id: CLIENT_TRACE_ID, span_id: server.spanContext().spanId, trace_flags: '01' });
    expect(audit).toMatchObject({ trace_id: CLIENT_TRACE_ID });
    expect(upstream).toMatchObject({ trace_id: CLIENT_TRACE_ID });
    expect(spans.map((span) => span.spanContext().spanId)).toContain(upstream.span_id);
  });

  it('when a request is traced, then no span holds the user id, the raw path, a query or a token', async () => {
    const { spans } = await read();
    const recorded = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })));
    expect(recorded).not.toContain(adapter.demo.personId);
    expect(recorded).not.toContain(encodeURIComponent(personId(adapter)));
    expect(recorded).not.toMatch(/bearer|eyJ/i);
  });
});

describe('tracing, at a connection that asks for the trace context', () => {
  const exporter = new InMemorySpanExporter();
  let simulator: RunningSimulator;
  let hop: Awaited<ReturnType<typeof recordingHop>>;
  let harness: Harness;
  beforeAll(async () => {
    simulator = await adapter.startSimulator();
    hop = await recordingHop(simulator);
    harness = await startHarness({
      connections: [{ adapter, simulator: { ...simulator, baseUrl: hop.baseUrl }, settings: { propagateTraceContext: true } }],
      tracing: tracingInto([new SimpleSpanProcessor({ exporter })]),
    });
  });
  afterAll(async () => {
    await harness.close();
    await hop.close();
    await simulator.close();
  });

  it("when propagateTraceContext is set, then the provider gets a traceparent naming the request's trace and the attempt's span", async () => {
    const response = await harness.http.get(user).set('Authorization', harness.bearer()).set('traceparent', traceparent);
    expect(response.status).toBe(200);
    await waitFor(() => named(exporter.getFinishedSpans(), SpanKind.CLIENT).length > 0);
    const attempt = named(exporter.getFinishedSpans(), SpanKind.CLIENT)[0]!;
    expect(hop.seen.map((headers) => headers.traceparent)).toContain(`00-${CLIENT_TRACE_ID}-${attempt.spanContext().spanId}-01`);
  });
});

describe('tracing of a fan-out and of the cache', () => {
  const exporter = new InMemorySpanExporter();
  const lookups = adaptersWith({ lookup: 'email' });
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      connections: lookups.map((found) => ({ adapter: found })),
      redis: true,
      cache: { enabled: true },
      tracing: tracingInto([new SimpleSpanProcessor({ exporter })]),
    });
  });
  afterAll(() => harness.close());
  beforeEach(() => exporter.reset());

  it('when a lookup fans out, then it is one trace with one span per connection', async () => {
    const response = await harness.http.get('/v1/users').query({ email: 'nobody@example.com' }).set('Authorization', harness.bearer());
    expect(response.status).toBe(200);
    await waitFor(() => named(exporter.getFinishedSpans(), SpanKind.SERVER).length > 0);
    const server = named(exporter.getFinishedSpans(), SpanKind.SERVER)[0]!;
    const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === server.spanContext().traceId);
    const calls = spans.filter((span) => span.name === 'connection');
    expect(calls.map((span) => span.attributes['usergate.connection']).sort()).toEqual(lookups.map((found) => found.name).sort());
    expect(calls.every((span) => parentOf(span) === server.spanContext().spanId)).toBe(true);
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    expect(server.attributes['usergate.connections']).toEqual(lookups.map((found) => found.name).sort());
  });

  it('when a user is read twice, then the cache read says miss, then hit, and its Redis commands are spans without keys', async () => {
    const first = lookups[0]!;
    const path = `/v1/users/${encodeURIComponent(personId(first))}`;
    const results: unknown[] = [];
    for (let round = 0; round < 2; round += 1) {
      exporter.reset();
      expect((await harness.http.get(path).set('Authorization', harness.bearer())).status).toBe(200);
      await waitFor(() => named(exporter.getFinishedSpans(), SpanKind.SERVER).length > 0);
      results.push(exporter.getFinishedSpans().find((span) => span.name === 'cache.read')?.attributes['usergate.cache.result']);
    }
    expect(results).toEqual(['miss', 'hit']);
    const redis = exporter.getFinishedSpans().filter((span) => span.attributes['db.system.name'] === 'redis');
    expect(redis.map((span) => span.name)).toContain('redis GET');
    expect(JSON.stringify(redis.map((span) => span.attributes))).not.toContain(first.demo.personId);
  });
});

describe('tracing off', () => {
  const adapterOff = adapterWith();
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter: adapterOff }] });
  });
  afterAll(() => harness.close());

  it('when tracing is not configured, then log lines carry no trace ids, even for a client that sends a traceparent', async () => {
    harness.logs.length = 0;
    const response = await harness.http
      .get(`/v1/users/${encodeURIComponent(personId(adapterOff))}`)
      .set('Authorization', harness.bearer())
      .set('traceparent', traceparent);
    expect(response.status).toBe(200);
    await waitFor(() => harness.logs.some((line) => line.includes('"message":"request"')));
    expect(harness.logs.join('\n')).not.toMatch(/trace_id|span_id/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
