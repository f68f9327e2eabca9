import { startHarness, type Harness } from '../support/harness';
import { adapterWith } from '../support/registry';

/** An adapter that finds users by email and has a few to read, twice: as a fast connection and a slow one. */
const adapter = adapterWith({ lookup: 'email', otherUsers: 2 });
const [second = '', third = ''] = adapter.demo.userIds;

/** Two connections to two simulators: one slow or saturated, one healthy. */
describe('isolation between connections', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      connections: [
        { name: 'fast', adapter },
        { name: 'slow', adapter, timeouts: { attemptMs: 10_000, totalMs: 600 }, settings: { maxConcurrency: 2, maxQueue: 0, retries: 0 } },
      ],
    });
    harness.simulators.slow!.faults.set({ latencyMs: 5_000 });
  });
  afterAll(() => harness.close());

  it('when one connection is slow, then the fan-out still returns the others promptly and reports the slow one', async () => {
    const started = Date.now();
    const response = await harness.http.get('/v1/users?email=egle.jankauskiene@example.com').set('Authorization', harness.bearer());
    // Bounded by the slow connection's deadline (600 ms), never by its 5 s latency (the slack is a loaded CI machine's).
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(response.body.connections.fast).toMatchObject({ status: 'ok', count: 1 });
    expect(response.body.connections.fast.latencyMs).toBeLessThan(response.body.connections.slow.latencyMs);
    expect(response.body.connections.slow).toMatchObject({ status: 'error', error: { code: 'provider_timeout', status: 504 } });
    expect(response.body.data.map((user: { id: string }) => user.id)).toEqual([`fast:${adapter.demo.personId}`]);
  });

  it('when a slow connection is saturated, then calls to it are refused at once and the other connection is unaffected', async () => {
    // Different users, so that coalescing does not fold them into one call.
    const saturating = [adapter.demo.personId, second].map((id) =>
      harness.http
        .get(`/v1/users/slow:${encodeURIComponent(id)}`)
        .set('Authorization', harness.bearer())
        .then((response) => response),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await harness.http.get(`/v1/users/slow:${encodeURIComponent(third)}`).set('Authorization', harness.bearer());
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'provider_unavailable', origin: 'gateway' });
    const started = Date.now();
    const healthy = await harness.http.get(`/v1/users/fast:${encodeURIComponent(adapter.demo.personId)}`).set('Authorization', harness.bearer());
    expect(healthy.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(200);
    await Promise.all(saturating);
  });
});
