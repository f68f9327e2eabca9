import { startHarness, type Harness } from '../support/harness';
import { adapterWith, otherUserId, personId } from '../support/registry';

/** Any adapter with a few demo users to read: limits and pacing are the gateway's. */
const adapter = adapterWith({ otherUsers: 2 });
const userPath = (id: string) => `/v1/users/${encodeURIComponent(id)}`;

describe('client rate limits', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ redis: true, rateLimit: { requests: 3, perSeconds: 60 }, connections: [{ adapter }] });
  });
  afterAll(() => harness.close());
  const read = (subject: string) => harness.http.get(userPath(personId(adapter))).set('Authorization', harness.bearer('all', { subject }));

  it('when a client goes over its limit, then 429 rate_limited with Retry-After and RateLimit headers, and no provider call', async () => {
    for (let index = 0; index < 3; index += 1) expect((await read('greedy')).status).toBe(200);
    const before = harness.simulators[adapter.name]!.requests.length;
    const refused = await read('greedy');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited', origin: 'gateway' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(harness.simulators[adapter.name]!.requests.length).toBe(before);
  });

  it('when one client is limited, then another client is not', async () => {
    expect((await read('patient')).status).toBe(200);
    expect((await read('patient')).headers['ratelimit-remaining']).toBe('1');
  });
});

describe('outbound pacing', () => {
  it('when calls would exceed the pace and waiting fits the deadline, then the gateway waits instead of failing', async () => {
    const harness = await startHarness({
      connections: [{ adapter, timeouts: { totalMs: 3_000 }, settings: { outboundLimit: { requests: 2, perSeconds: 1 } } }],
    });
    try {
      const started = Date.now();
      for (const id of [personId(adapter), otherUserId(adapter, 0), otherUserId(adapter, 1)]) {
        expect((await harness.http.get(userPath(id)).set('Authorization', harness.bearer())).status).toBe(200);
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    } finally {
      await harness.close();
    }
  });

  it('when waiting for the pace would pass the deadline, then 429 at once, with no provider call', async () => {
    const harness = await startHarness({
      connections: [{ adapter, timeouts: { totalMs: 300 }, settings: { outboundLimit: { requests: 1, perSeconds: 10 } } }],
    });
    try {
      await harness.http.get(userPath(personId(adapter))).set('Authorization', harness.bearer());
      const before = harness.simulators[adapter.name]!.requests.length;
      const refused = await harness.http.get(userPath(otherUserId(adapter))).set('Authorization', harness.bearer());
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'rate_limited', origin: 'gateway', connection: adapter.name });
      expect(harness.simulators[adapter.name]!.requests.length).toBe(before);
    } finally {
      await harness.close();
    }
  });
});
