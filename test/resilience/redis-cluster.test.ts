import { setTimeout as delay } from 'node:timers/promises';
import { startHarness, type Harness } from '../support/harness';
import { startCluster, waitUntil, type RedisCluster } from '../support/redis-topology';
import { adapterWith, personId } from '../support/registry';

const adapter = adapterWith({});
const user = `/v1/users/${encodeURIComponent(personId(adapter))}`;
const COMMAND_TIMEOUT_MS = 250;

/** Three masters, no replicas (started here): losing one leaves a third of the slots without a server. */
describe('a Redis Cluster that loses a master', () => {
  let cluster: RedisCluster | undefined;
  let harness: Harness | undefined;
  beforeAll(async () => {
    cluster = await startCluster(3);
    harness = await startHarness({
      redis: { cluster: { nodes: cluster.nodes }, commandTimeoutMs: COMMAND_TIMEOUT_MS },
      cache: { enabled: true },
      rateLimit: { requests: 1000, perSeconds: 1 },
      logLevel: 'info',
      connections: [{ adapter }],
    });
    await read();
    expect((await read()).headers['cache-status']).toMatch(/^usergate; hit/);
    await cluster.masters[0]!.kill();
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await cluster?.stop();
  });

  const read = () => harness!.http.get(user).set('Authorization', harness!.bearer());

  it('when a master is gone, then reads go on and, once the Redis breaker is open, cost far less than a command timeout', async () => {
    const durations: number[] = [];
    for (let index = 0; index < 40; index += 1) {
      const started = performance.now();
      expect((await read()).status).toBe(200);
      durations.push(performance.now() - started);
    }
    const afterTheFirstTen = durations.slice(10);
    const average = afterTheFirstTen.reduce((sum, ms) => sum + ms, 0) / afterTheFirstTen.length;
    expect(average).toBeLessThan(COMMAND_TIMEOUT_MS);
  });

  it('when a master is gone, then readiness stays 200 and says Redis is degraded, counting the master it cannot reach', async () => {
    await waitUntil(async () => (await harness!.http.get('/readyz')).body.checks.redisCluster?.unreachable >= 1, 10_000, 'the dead master to be counted');
    const response = await harness!.http.get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body.checks).toMatchObject({ redis: 'degraded', redisCluster: { masters: 3 } });
  });

  it('when a master is gone, then the log says so', async () => {
    await delay(100);
    const logs = harness!.logs.join('');
    expect(logs).toContain('redis node error');
    expect(logs).toContain('redis breaker open');
  });
});
