import supertest from 'supertest';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith } from '../support/registry';

/** Any adapter with a demo user besides the demo person, at a connection called `primary`. */
const adapter = adapterWith({ otherUsers: 1 });
const read = (id: string) => `/v1/users/primary:${encodeURIComponent(id)}`;

/** `/metrics`, as the metrics listener serves it (never the API port: test/security/exposure.test.ts). */
describe('/metrics', () => {
  let harness: Harness;
  let text: string;
  beforeAll(async () => {
    harness = await startHarness({
      cache: { enabled: true },
      rateLimit: { requests: 2, perSeconds: 60 },
      connections: [{ name: 'primary', adapter, settings: { retries: 1 } }],
    });
    const auth = harness.bearer();
    await harness.http.get(read(adapter.demo.personId)).set('Authorization', auth);
    harness.simulators.primary!.faults.set({ errorRate: 1, errorStatus: 503, count: 1 });
    await harness.http.get(read(adapter.demo.userIds[0]!)).set('Authorization', auth);
    await harness.http.get(read(adapter.demo.userIds[0]!)).set('Authorization', auth);
    text = (await supertest(harness.gateway.metricsApp).get('/metrics')).text;
  });
  afterAll(() => harness.close());

  it.each([
    ['request counts by route and status', /usergate_http_requests_total\{route="\/v1\/users\/:id",method="GET",status="200"\} 2/],
    ['request latency histograms', /usergate_http_request_duration_seconds_bucket\{le="0.005",route="\/v1\/users\/:id"/],
    ['upstream calls by connection and outcome', /usergate_upstream_calls_total\{connection="primary",operation="\w+",outcome="503"\} 1/],
    ['upstream latency histograms', /usergate_upstream_call_duration_seconds_count\{connection="primary",operation="\w+"\} 3/],
    ['retries', /usergate_upstream_retries_total\{connection="primary",reason="503"\} 1/],
    ['breaker state', /usergate_breaker_state\{connection="primary"\} 0/],
    ['cache results', /usergate_cache_lookups_total\{result="miss"\} 2/],
    ['rate-limit rejections', /usergate_rate_limit_rejections_total\{direction="inbound"\} 1/],
    ['default process metrics', /process_resident_memory_bytes \d+/],
  ])('when scraped, then it shows %s', (_what, pattern) => {
    expect(text).toMatch(pattern);
  });

  it('when scraped, then no label carries personal data or ids', () => {
    // Label values only: a numeric id may well turn up inside a sample's value (a latency sum).
    const labelValues = [...text.matchAll(/\w+="((?:[^"\\]|\\.)*)"/g)].map((match) => match[1]!);
    expect(labelValues.length).toBeGreaterThan(0);
    for (const id of [adapter.demo.personId, ...adapter.demo.userIds]) expect(labelValues.filter((value) => value.includes(id))).toEqual([]);
    expect(labelValues.filter((value) => value.includes('@'))).toEqual([]);
  });
});
