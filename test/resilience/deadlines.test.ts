import { startHarness, type Harness } from '../support/harness';
import { adapterWith, personId } from '../support/registry';

const adapter = adapterWith();
const user = `/v1/users/${encodeURIComponent(personId(adapter))}`;

describe('deadlines', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter, timeouts: { attemptMs: 300, totalMs: 700 } }] });
  });
  afterAll(() => harness.close());
  afterEach(() => harness.simulators[adapter.name]!.faults.clear());

  it('when the provider hangs, then provider_timeout comes back within the deadline', async () => {
    harness.simulators[adapter.name]!.faults.set({ hangRate: 1 });
    const started = Date.now();
    const response = await harness.http.get(user).set('Authorization', harness.bearer());
    expect(response.status).toBe(504);
    expect(response.body).toMatchObject({ code: 'provider_timeout', connection: adapter.name, retryable: true });
    // The hang never ends: an answer within a second of the deadline shows it was cut there (the slack is a loaded CI machine's).
    expect(Date.now() - started).toBeLessThan(700 + 1_000);
  });

  it('when the provider is slower than the total deadline, then the request stops at the deadline', async () => {
    const slow = await startHarness({ connections: [{ adapter, timeouts: { attemptMs: 5_000, totalMs: 400 } }] });
    try {
      slow.simulators[adapter.name]!.faults.set({ latencyMs: 2_000 });
      const started = Date.now();
      const response = await slow.http.get(user).set('Authorization', slow.bearer());
      expect(response.status).toBe(504);
      // Well before the provider's 2 s: cut at the deadline, with a loaded CI machine's slack.
      expect(Date.now() - started).toBeLessThan(400 + 1_000);
    } finally {
      await slow.close();
    }
  });

  it('when a read times out, then it is not retried (only connect errors, resets, 429 and 502-504 are)', async () => {
    harness.simulators[adapter.name]!.faults.set({ hangRate: 1 });
    const before = harness.simulators[adapter.name]!.requests.length;
    await harness.http.get(user).set('Authorization', harness.bearer());
    expect(harness.simulators[adapter.name]!.requests.length - before).toBe(1);
  });
});
