import { setTimeout as delay } from 'node:timers/promises';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, personId } from '../support/registry';

const adapter = adapterWith();

describe('circuit breaker', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({
      connections: [{ adapter, settings: { retries: 0, breaker: { failureRate: 0.5, minimumCalls: 5, windowMs: 1_000, halfOpenAfterMs: 300 } } }],
    });
  });
  afterEach(() => harness.close());
  const simulator = () => harness.simulators[adapter.name]!;
  const read = () => harness.http.get(`/v1/users/${encodeURIComponent(personId(adapter))}`).set('Authorization', harness.bearer());

  it('when the provider keeps failing, then the breaker opens and the gateway answers at once without calling it', async () => {
    simulator().faults.set({ errorRate: 1, errorStatus: 500 });
    for (let index = 0; index < 8; index += 1) await read();
    const before = simulator().requests.length;
    const started = Date.now();
    const response = await read();
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'provider_unavailable', origin: 'gateway', connection: adapter.name });
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(simulator().requests.length).toBe(before);
    expect(Date.now() - started).toBeLessThan(100);
    expect((await harness.http.get('/readyz')).body.checks.connections).toMatchObject({ open: 1 });
  });

  it('when the provider recovers, then a trial call after the open period closes the breaker again', async () => {
    simulator().faults.set({ errorRate: 1, errorStatus: 500 });
    for (let index = 0; index < 8; index += 1) await read();
    simulator().faults.clear();
    await delay(350);
    expect((await read()).status).toBe(200);
    expect((await read()).status).toBe(200);
    expect((await harness.http.get('/readyz')).body.checks.connections).toMatchObject({ open: 0, closed: 1 });
  });

  it('when the provider answers 4xx, then the breaker stays closed', async () => {
    simulator().faults.set({ errorRate: 1, errorStatus: 404 });
    for (let index = 0; index < 12; index += 1) expect((await read()).status).toBe(404);
    expect((await harness.http.get('/readyz')).body.checks.connections).toMatchObject({ open: 0, closed: 1 });
  });
});
