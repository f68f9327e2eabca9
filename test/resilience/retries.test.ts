import { startHarness, type Harness } from '../support/harness';
import { adapterWith, newUserRequest, personId } from '../support/registry';

/** Any adapter that creates users: retries are the gateway's business, not the provider's. */
const adapter = adapterWith({ create: true });
const user = `/v1/users/${encodeURIComponent(personId(adapter))}`;

describe('retries', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      connections: [
        // The breaker is kept out of the way here: breaker.test.ts is about it.
        { adapter, timeouts: { attemptMs: 1_000, totalMs: 2_500 }, settings: { breaker: { minimumCalls: 100_000 } } },
      ],
    });
  });
  afterAll(() => harness.close());
  afterEach(() => harness.simulators[adapter.name]!.faults.clear());
  const simulator = () => harness.simulators[adapter.name]!;
  const calls = (method: string) => simulator().requests.filter((request) => request.method === method).length;

  it('when a single read keeps failing, then it is tried at most three times', async () => {
    simulator().faults.set({ errorRate: 1, errorStatus: 502 });
    const before = calls('GET');
    const response = await harness.http.get(user).set('Authorization', harness.bearer());
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('provider_unavailable');
    expect(calls('GET') - before).toBeLessThanOrEqual(3);
  });

  it('when a create fails with 503, then it is never retried', async () => {
    simulator().faults.set({ errorRate: 1, errorStatus: 503, match: { method: 'POST' } });
    const before = calls('POST');
    const response = await harness.http.post('/v1/users').set('Authorization', harness.bearer()).send(newUserRequest(adapter, 'retry.never@example.com'));
    expect(response.status).toBe(503);
    expect(calls('POST') - before).toBe(1);
  });

  it('when the provider asks to wait (429, Retry-After: 1) and that fits the deadline, then the gateway waits and retries', async () => {
    simulator().faults.set({ rateLimitRate: 1, retryAfterSeconds: 1, count: 1 });
    const started = Date.now();
    const response = await harness.http.get(user).set('Authorization', harness.bearer());
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('when Retry-After does not fit the deadline, then the client hears 429 with Retry-After at once', async () => {
    simulator().faults.set({ rateLimitRate: 1, retryAfterSeconds: 30 });
    const started = Date.now();
    const response = await harness.http.get(user).set('Authorization', harness.bearer());
    expect(response.status).toBe(429);
    expect(response.body.code).toBe('rate_limited');
    expect(response.headers['retry-after']).toBe('30');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('when the provider is rate-limited without Retry-After, then the read is retried with backoff', async () => {
    const clean = calls('GET');
    await harness.http.get(user).set('Authorization', harness.bearer());
    const callsPerRead = calls('GET') - clean;
    simulator().faults.set({ rateLimitRate: 1, count: 2 });
    const before = calls('GET');
    const response = await harness.http.get(user).set('Authorization', harness.bearer());
    expect(response.status).toBe(200);
    expect(calls('GET') - before).toBe(callsPerRead + 2);
  });

  it('when the provider reports its rate-limit state, then the client sees it under one set of names', async () => {
    simulator().faults.set({ responseHeaders: { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '42', 'X-RateLimit-Reset': '1900000000' } });
    const response = await harness.http.get(user).set('Authorization', harness.bearer());
    expect(response.headers).toMatchObject({
      'x-upstream-ratelimit-limit': '100',
      'x-upstream-ratelimit-remaining': '42',
      'x-upstream-ratelimit-reset': '1900000000',
    });
  });
});

describe('retry budget', () => {
  it('when half the reads fail with 503, then retries happen but stay within 10% of calls plus a small reserve', async () => {
    const harness = await startHarness({ connections: [{ adapter, settings: { breaker: { minimumCalls: 100_000 } } }] });
    try {
      const simulator = harness.simulators[adapter.name]!;
      simulator.faults.set({ errorRate: 0.5, errorStatus: 503 });
      const reads = 100;
      for (let index = 0; index < reads; index += 1) {
        await harness.http.get(user).set('Authorization', harness.bearer());
      }
      const upstream = simulator.requests.length;
      expect(upstream).toBeGreaterThan(reads);
      expect(upstream).toBeLessThanOrEqual(reads + 10 + reads * 0.1 + 1);
    } finally {
      await harness.close();
    }
  });
});
