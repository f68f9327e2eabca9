import { setTimeout as delay } from 'node:timers/promises';
import type { RunningSimulator } from '../../src/connections/adapter';
import { createLogger } from '../../src/logging/logger';
import { Metrics } from '../../src/observability/metrics';
import { UpstreamClient } from '../../src/upstream/client';
import { adapterWith } from '../support/registry';

const adapter = adapterWith();

/**
 * One connection's client, with one slot: which deadline cut-offs its breaker counts. A call whose
 * deadline passes while it waits for a slot never reached the provider, so it is not the provider's failure.
 */
describe('calls cut off while queued', () => {
  let simulator: RunningSimulator;
  let client: UpstreamClient;
  beforeAll(async () => {
    simulator = await adapter.startSimulator();
    simulator.faults.set({ hangRate: 1 });
    client = new UpstreamClient({
      connection: 'queued',
      baseUrl: simulator.baseUrl,
      attemptTimeoutMs: 10_000,
      maxResponseBytes: 1024 * 1024,
      maxConcurrency: 1,
      maxQueue: 100,
      retries: 0,
      // Two counted failures would open it.
      breaker: { failureRate: 0.5, minimumCalls: 2, windowMs: 30_000, halfOpenAfterMs: 30_000 },
      logger: createLogger({ level: 'error' }),
      metrics: new Metrics(),
    });
  });
  afterAll(() => simulator.close());

  const call = (deadlineMs: number) =>
    client.send({ operation: 'probe', method: 'GET', path: '/probe' }, { signal: AbortSignal.timeout(deadlineMs), deadline: Date.now() + deadlineMs });

  it('when the deadline passes in the queue, then the breaker does not count it, while the hanging call in the slot is counted', async () => {
    const holder = call(1_500);
    holder.catch(() => undefined);
    for (let waited = 0; simulator.requests.length === 0 && waited < 5_000; waited += 10) await delay(10);
    const queued = await Promise.allSettled(Array.from({ length: 5 }, () => call(200)));
    expect(queued.map((outcome) => outcome.status)).toEqual(Array(5).fill('rejected'));
    await expect(holder).rejects.toMatchObject({ code: 'provider_timeout' });
    // The queued calls get the slot once the holder is cut; give them the moment to (not) run.
    await delay(100);
    expect(simulator.requests).toHaveLength(1);
    expect(client.breaker.state).toBe('closed');
    // The slot's own hang was counted: one more hanging call opens the breaker.
    await expect(call(200)).rejects.toMatchObject({ code: 'provider_timeout' });
    await delay(100);
    expect(client.breaker.state).toBe('open');
  });
});
