import http from 'node:http';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, newUserRequest, personId } from '../support/registry';

const adapter = adapterWith({ create: true });
const user = `/v1/users/${encodeURIComponent(personId(adapter))}`;

/**
 * A provider that accepts calls and never answers. The request deadline (400 ms) cuts each call well
 * before the per-attempt timeout (5 s) would: only a breaker that counts deadline cut-offs sees it.
 */
describe('a hanging provider', () => {
  let harness: Harness;
  let base: string;
  beforeEach(async () => {
    harness = await startHarness({
      connections: [
        {
          adapter,
          timeouts: { attemptMs: 5_000, totalMs: 400 },
          settings: { retries: 0, breaker: { failureRate: 0.5, minimumCalls: 4, windowMs: 10_000, halfOpenAfterMs: 30_000 } },
        },
      ],
    });
    base = `http://127.0.0.1:${await harness.gateway.listen(0)}`;
    harness.simulators[adapter.name]!.faults.set({ hangRate: 1 });
  });
  afterEach(() => harness.close());
  const read = () => harness.http.get(user).set('Authorization', harness.bearer());
  /** A create (never shared between requests: each is a call of its own, on its client's signal) whose client hangs up after `leaveAfterMs`. */
  const createAndLeave = (leaveAfterMs: number) =>
    new Promise<void>((resolve) => {
      const body = JSON.stringify(newUserRequest(adapter));
      const request = http.request(`${base}/v1/users`, {
        method: 'POST',
        agent: false,
        headers: { authorization: harness.bearer(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      request.on('error', () => resolve());
      request.on('response', () => resolve());
      request.end(body);
      setTimeout(() => request.destroy(), leaveAfterMs);
    });
  const breakers = async () => (await harness.http.get('/readyz')).body.checks.connections as Record<string, number>;

  it('when reads keep hanging until their deadline, then the breaker opens and later answers come in milliseconds', async () => {
    // A stream of reads, each cut at its deadline: the fourth fills the breaker's window of four calls.
    for (let index = 0; index < 4; index += 1) expect((await read()).status).toBe(504);
    expect(await breakers()).toMatchObject({ open: 1 });
    const started = Date.now();
    const response = await read();
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'provider_unavailable', origin: 'gateway', connection: adapter.name });
    // Far below the 400 ms deadline, with a loaded CI machine's slack.
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('when clients go away before the deadline, then the breaker stays closed', async () => {
    for (let index = 0; index < 6; index += 1) await createAndLeave(100);
    // Past every call's deadline: whatever was going to be counted has been.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(harness.simulators[adapter.name]!.requests.length).toBe(6);
    expect(await breakers()).toMatchObject({ open: 0, closed: 1 });
  });
});
