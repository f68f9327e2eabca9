import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { tracingInto } from '../../src/observability/tracing';
import { startHarness, type Harness, type HarnessOptions } from '../support/harness';
import { adapterWith, otherUserId, personId } from '../support/registry';

/**
 * The decisions a request's trace must make visible besides the happy path (issue 22): how long an
 * attempt waited for outbound pacing, that the breaker was open, and that a cached copy was served
 * stale. Any adapter with a few demo users does: these are the gateway's decisions, not a provider's.
 */
const adapter = adapterWith({ otherUsers: 2 });
const userPath = (id: string) => `/v1/users/${encodeURIComponent(id)}`;

/** Spans of the request's own trace, leaving out the harness's fetch of the OpenAPI document. */
const ofRequests = (spans: ReadableSpan[]) => spans.filter((span) => span.attributes['http.route'] !== '/openapi.json');

describe('tracing the decisions a request meets', () => {
  const exporter = new InMemorySpanExporter();
  let harness: Harness;
  const start = async (options: HarnessOptions) => {
    harness = await startHarness({ ...options, tracing: tracingInto([new SimpleSpanProcessor({ exporter })]) });
  };
  const read = (id = personId(adapter)) => harness.http.get(userPath(id)).set('Authorization', harness.bearer());
  /** The spans of each of the last `count` requests' traces, in the order the requests came, once their server spans have ended. */
  async function requestTraces(count: number): Promise<ReadableSpan[][]> {
    const servers = () => ofRequests(exporter.getFinishedSpans()).filter((span) => span.kind === SpanKind.SERVER);
    await waitFor(() => servers().length >= count);
    const byStart = servers().sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    return byStart.slice(-count).map((server) => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === server.spanContext().traceId));
  }
  /** The spans of the last request. */
  const lastRequestSpans = async () => (await requestTraces(1))[0]!;
  beforeEach(() => exporter.reset());
  afterEach(() => harness.close());

  it('when an attempt waits for the outbound pace, then its span says how long, and an attempt that did not wait says nothing', async () => {
    // One call per 2 s window: the second read, sent as soon as the first is answered, falls in the first's window however slow the machine.
    await start({ connections: [{ adapter, timeouts: { totalMs: 5_000 }, settings: { outboundLimit: { requests: 1, perSeconds: 2 } } }] });
    expect((await read()).status).toBe(200);
    expect((await read(otherUserId(adapter))).status).toBe(200);
    const [unpaced, paced] = (await requestTraces(2)).map((spans) => spans.find((span) => span.kind === SpanKind.CLIENT));
    expect(unpaced!.attributes).not.toHaveProperty('usergate.rate_limit.wait_ms');
    expect(paced!.attributes['usergate.rate_limit.wait_ms']).toBeGreaterThan(0);
  });

  it("when the connection's breaker is open, then the attempt span says so and fails as provider_unavailable", async () => {
    await start({
      connections: [{ adapter, settings: { retries: 0, breaker: { failureRate: 0.5, minimumCalls: 5, windowMs: 5_000, halfOpenAfterMs: 60_000 } } }],
    });
    harness.simulators[adapter.name]!.faults.set({ errorRate: 1, errorStatus: 500 });
    for (let index = 0; index < 6; index += 1) await read();
    exporter.reset();
    expect((await read()).status).toBe(503);
    const [attempt] = (await lastRequestSpans()).filter((span) => span.kind === SpanKind.CLIENT);
    expect(attempt!.attributes).toMatchObject({ 'usergate.breaker.state': 'open', 'error.type': 'provider_unavailable' });
    expect(attempt!.attributes).not.toHaveProperty('http.response.status_code');
  });

  it('when a copy past its soft TTL is served while it is refreshed, then the cache read span says stale-while-revalidate', async () => {
    await start({ redis: true, cache: { enabled: true, softTtlSeconds: 0, staleWhileRevalidateSeconds: 60 }, connections: [{ adapter }] });
    expect((await read()).status).toBe(200);
    await lastRequestSpans();
    exporter.reset();
    expect((await read()).status).toBe(200);
    const cacheRead = (await lastRequestSpans()).find((span) => span.name === 'cache.read');
    expect(cacheRead?.attributes['usergate.cache.result']).toBe('stale-while-revalidate');
  });

  it('when the provider fails and a stale copy is served, then the cache read span says stale-if-error and the failed attempt is below it', async () => {
    await start({
      redis: true,
      cache: { enabled: true, softTtlSeconds: 0, staleWhileRevalidateSeconds: 0, hardTtlSeconds: 60 },
      connections: [{ adapter, settings: { retries: 0 } }],
    });
    expect((await read()).status).toBe(200);
    await lastRequestSpans();
    exporter.reset();
    harness.simulators[adapter.name]!.faults.set({ errorRate: 1, errorStatus: 503 });
    expect((await read()).status).toBe(200);
    const spans = await lastRequestSpans();
    const cacheRead = spans.find((span) => span.name === 'cache.read')!;
    expect(cacheRead.attributes['usergate.cache.result']).toBe('stale-if-error');
    const [attempt] = spans.filter((span) => span.kind === SpanKind.CLIENT && span.attributes['usergate.attempt'] !== undefined);
    expect(attempt!.attributes['http.response.status_code']).toBe(503);
    expect(isBelow(attempt!, cacheRead, spans)).toBe(true);
  });
});

/** Whether `span` descends from `ancestor` among `spans`. */
function isBelow(span: ReadableSpan, ancestor: ReadableSpan, spans: ReadableSpan[]): boolean {
  const byId = new Map(spans.map((candidate) => [candidate.spanContext().spanId, candidate]));
  for (let parent = span.parentSpanContext?.spanId; parent !== undefined; parent = byId.get(parent)?.parentSpanContext?.spanId) {
    if (parent === ancestor.spanContext().spanId) return true;
  }
  return false;
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
