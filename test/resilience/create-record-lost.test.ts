import { startHarness, type Harness } from '../support/harness';
import { TEST_REDIS_URL } from '../support/redis';
import { adapterWith, newUserRequest } from '../support/registry';
import { TcpProxy } from '../support/tcp-proxy';

const adapter = adapterWith({ create: true });
const lostRequest = newUserRequest(adapter);

/** Redis is cut while the provider is creating the user: the user exists, the idempotency record cannot be written. */
describe('Redis lost while a keyed create is at the provider', () => {
  let proxy: TcpProxy;
  let harness: Harness;
  beforeAll(async () => {
    const redis = new URL(TEST_REDIS_URL);
    proxy = await TcpProxy.start({ host: redis.hostname, port: Number(redis.port || 6379) });
    harness = await startHarness({ redis: `redis://127.0.0.1:${proxy.port}`, connections: [{ adapter }] });
  });
  afterAll(async () => {
    await harness.close();
    await proxy.close();
  });
  const simulator = () => harness.simulators[adapter.name]!;
  const posts = () => simulator().requests.filter((request) => request.method === 'POST').length;

  it('when the record of a create cannot be written, then the client gets the 201 the provider gave, and the log says so without PII', async () => {
    const request = lostRequest;
    simulator().faults.set({ latencyMs: 500, match: { method: 'POST' }, count: 1 });
    const before = posts();
    const answer = harness.http.post('/v1/users').set('Authorization', harness.bearer()).set('Idempotency-Key', 'record-lost-1').send(request).then();
    // The create has reached the provider (which takes its time): now Redis goes away.
    for (let waited = 0; posts() === before && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await proxy.cut();
    const response = await answer;
    expect(response.status).toBe(201);
    expect(response.body.email).toBe(request.user.email);
    expect(posts() - before).toBe(1);
    const lost = harness.logs.filter((line) => line.includes('idempotency record could not be kept'));
    expect(lost).toHaveLength(1);
    expect(harness.logs.join('\n')).not.toContain(request.user.email);
    await proxy.restore();
  });

  it('when Redis is back, then the record is written on a later try, and a repeat of that create is answered from it: nothing is created twice', async () => {
    const kept = () => harness.logs.some((line) => line.includes('idempotency record kept on a later try'));
    for (let waited = 0; !kept() && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(kept()).toBe(true);
    const before = posts();
    const repeat = await harness.http.post('/v1/users').set('Authorization', harness.bearer()).set('Idempotency-Key', 'record-lost-1').send(lostRequest);
    expect(repeat.status).toBe(201);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body.email).toBe(lostRequest.user.email);
    expect(posts()).toBe(before);
  });
});
