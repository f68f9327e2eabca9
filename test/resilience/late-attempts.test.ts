import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RunningSimulator } from '../../src/connections/adapter';
import { createLogger } from '../../src/logging/logger';
import { Metrics } from '../../src/observability/metrics';
import { UpstreamClient } from '../../src/upstream/client';
import { adapterWith } from '../support/registry';

const adapter = adapterWith();

/**
 * A call can be cut off between two of its steps: its deadline passes while it waits for its turn
 * under the provider's quota (a Redis round trip on a loaded machine), or the client leaves just then.
 * Its attempt then begins already cut off. Whatever it leaves behind must be handled: a rejection
 * nobody hears ends the gateway's process (Node's default), and with it every request it serves.
 */
describe('attempts that begin after their call was cut off', () => {
  let simulator: RunningSimulator;
  let client: UpstreamClient;
  const unhandled: unknown[] = [];
  const hear = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    simulator = await adapter.startSimulator();
    client = new UpstreamClient({
      connection: 'late',
      baseUrl: simulator.baseUrl,
      attemptTimeoutMs: 1_000,
      maxResponseBytes: 1024 * 1024,
      maxConcurrency: 1,
      maxQueue: 10,
      retries: 0,
      breaker: { failureRate: 0.5, minimumCalls: 2, windowMs: 30_000, halfOpenAfterMs: 30_000 },
      logger: createLogger({ level: 'error' }),
      metrics: new Metrics(),
    });
    process.on('unhandledRejection', hear);
  });
  afterAll(async () => {
    process.off('unhandledRejection', hear);
    await simulator.close();
  });

  const cutOff = () => {
    const deadline = new AbortController();
    deadline.abort(new DOMException('The deadline passed.', 'TimeoutError'));
    return client.send({ operation: 'probe', method: 'GET', path: '/probe' }, { signal: deadline.signal, deadline: Date.now() });
  };

  it('when the deadline has passed as the attempt begins, then the call is a provider timeout and the provider never hears of it', async () => {
    await expect(cutOff()).rejects.toMatchObject({ code: 'provider_timeout' });
    expect(simulator.requests).toHaveLength(0);
  });

  it('when the deadline has passed as the attempt begins, then no rejection is left unhandled', async () => {
    await cutOff().catch(() => undefined);
    // Node reports an unhandled rejection once the microtasks of the turn have run.
    await nextTurn();
    await nextTurn();
    expect(unhandled).toEqual([]);
  });
});
