import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { adapters } from '../../adapters';
import { tracingInto } from '../../src/observability/tracing';
import { DEFAULT_REQUEST_ID_HEADERS, providerRequestId } from '../../src/upstream/request-id';
import { startHarness, type Harness } from '../support/harness';
import { personId } from '../support/registry';

/** The adapters whose providers document a request id of their own: their simulators send it as the provider does. */
const declaring = adapters.filter((adapter) => adapter.requestIdHeaders !== undefined);

describe.each(declaring.map((adapter) => [adapter.name, adapter] as const))("%s: the provider's request id", (_name, adapter) => {
  const exporter = new InMemorySpanExporter();
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      connections: [{ adapter, settings: { retries: 0, breaker: { minimumCalls: 100_000 } } }],
      tracing: tracingInto([new SimpleSpanProcessor({ exporter })]),
    });
  });
  afterAll(() => harness.close());
  const read = () => harness.http.get(`/v1/users/${encodeURIComponent(personId(adapter))}`).set('Authorization', harness.bearer());

  it('when the provider fails, then the problem names its request id, and so does the attempt span', async () => {
    harness.simulators[adapter.name]!.faults.set({ errorRate: 1, errorStatus: 500 });
    const response = await read();
    harness.simulators[adapter.name]!.faults.clear();
    const requestId = (response.body as { providerError?: { requestId?: unknown } }).providerError?.requestId;
    expect(typeof requestId).toBe('string');
    const attempts = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(attempts.map((span) => span.attributes['usergate.provider.request_id'])).toContain(requestId);
  });

  it('when the provider answers, then the attempt span records its request id', async () => {
    exporter.reset();
    expect((await read()).status).toBe(200);
    const attempts = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((span) => typeof span.attributes['usergate.provider.request_id'] === 'string')).toBe(true);
  });
});

describe("reading a provider's request id", () => {
  it('when an adapter declares no header, then the common spellings are read', () => {
    expect(providerRequestId({ 'x-request-id': 'abc-123' }, DEFAULT_REQUEST_ID_HEADERS)).toBe('abc-123');
    expect(providerRequestId({ 'request-id': 'req_1' }, DEFAULT_REQUEST_ID_HEADERS)).toBe('req_1');
  });

  it('when the header holds something other than an id, then nothing is passed on', () => {
    expect(providerRequestId({ 'x-request-id': 'hello <script>' }, DEFAULT_REQUEST_ID_HEADERS)).toBeUndefined();
    expect(providerRequestId({ 'x-request-id': 'a'.repeat(129) }, DEFAULT_REQUEST_ID_HEADERS)).toBeUndefined();
    expect(providerRequestId({ 'x-request-id': 'jane@example.com' }, DEFAULT_REQUEST_ID_HEADERS)).toBeUndefined();
  });

  it('when an adapter declares its header, then only that header is read', () => {
    expect(providerRequestId({ 'x-request-id': 'other', 'x-provider-id': 'ours' }, ['x-provider-id'])).toBe('ours');
    expect(providerRequestId({ 'x-request-id': 'other' }, ['x-provider-id'])).toBeUndefined();
  });
});
