import { setTimeout as delay } from 'node:timers/promises';
import { startHarness, type Harness } from '../support/harness';
import { TEST_REDIS_URL } from '../support/redis';
import { adapterWith, newUserRequest } from '../support/registry';
import { TcpProxy } from '../support/tcp-proxy';

const adapter = adapterWith({ create: true });

/**
 * A claim on an Idempotency-Key that lands in Redis while its reply comes too late (past
 * `redis.commandTimeoutMs`, 250 ms): the client heard 503 "retry shortly", and nothing reached the provider.
 */
describe('an idempotency claim that timed out', () => {
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
  const posts = () => harness.simulators[adapter.name]!.requests.filter((request) => request.method === 'POST').length;
  const create = (key: string, request: ReturnType<typeof newUserRequest>) =>
    harness.http.post('/v1/users').set('Authorization', harness.bearer()).set('Idempotency-Key', key).send(request);

  it('when the same client repeats the request at once, then it is created, once', async () => {
    const request = newUserRequest(adapter);
    const before = posts();
    proxy.replyDelayMs = 700;
    const first = await create('claim-timeout-1', request);
    proxy.replyDelayMs = 0;
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ code: 'provider_unavailable', origin: 'gateway', retryable: true });
    expect(posts()).toBe(before);
    // The late reply has come (and been ignored): Redis answers in time again.
    await delay(800);
    const repeat = await create('claim-timeout-1', request);
    expect(repeat.status).toBe(201);
    expect(repeat.body.email).toBe(request.user.email);
    expect(posts() - before).toBe(1);
    const again = await create('claim-timeout-1', request);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(repeat.body.id);
    expect(posts() - before).toBe(1);
  });

  it('when the repeat carries another body, then it is refused as another request, not run', async () => {
    const request = newUserRequest(adapter);
    proxy.replyDelayMs = 700;
    expect((await create('claim-timeout-2', request)).status).toBe(503);
    proxy.replyDelayMs = 0;
    await delay(800);
    const before = posts();
    const other = await create('claim-timeout-2', newUserRequest(adapter));
    expect(other.status).toBe(422);
    expect(posts()).toBe(before);
  });

  it('when the first request is still at the provider, then a repeat hears "in progress" and nothing is created twice', async () => {
    const request = newUserRequest(adapter);
    harness.simulators[adapter.name]!.faults.set({ latencyMs: 500, match: { method: 'POST' }, count: 1 });
    const before = posts();
    const first = create('claim-timeout-3', request).then();
    for (let waited = 0; posts() === before && waited < 5_000; waited += 10) await delay(10);
    const repeat = await create('claim-timeout-3', request);
    expect(repeat.status).toBe(409);
    expect(repeat.body).toMatchObject({ code: 'conflict', retryable: true });
    expect((await first).status).toBe(201);
    expect(posts() - before).toBe(1);
  });
});
