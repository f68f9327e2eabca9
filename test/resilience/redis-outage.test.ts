import { startHarness, type Harness } from '../support/harness';
import { adapterWith, newUserRequest, personId } from '../support/registry';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';

const adapter = adapterWith({ create: true, lookup: 'email' });
const user = `/v1/users/${encodeURIComponent(personId(adapter))}`;

describe('Redis stopped mid-run', () => {
  let redis: PrivateRedis;
  let harness: Harness;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    harness = await startHarness({
      redis: redis.url,
      cache: { enabled: true },
      rateLimit: { requests: 1000, perSeconds: 1 },
      connections: [{ adapter }],
    });
    expect((await harness.http.get(user).set('Authorization', harness.bearer())).status).toBe(200);
    await redis.stop();
  });
  afterAll(async () => {
    await harness.close();
    await redis.stop();
  });

  it("when Redis is gone, then reads are still served, from this instance's copy of the cache and without delay", async () => {
    const started = Date.now();
    const response = await harness.http.get(user).set('Authorization', harness.bearer());
    expect(response.status).toBe(200);
    expect(response.headers['cache-status']).toMatch(/^usergate; hit/);
    expect(Date.now() - started).toBeLessThan(300);
  });

  it('when Redis is gone, then lookups are still served', async () => {
    const response = await harness.http.get('/v1/users?email=egle.jankauskiene@example.com').set('Authorization', harness.bearer());
    expect(response.status).toBe(200);
    expect(response.body.connections[adapter.name].status).toBe('ok');
  });

  it('when Redis is gone, then a create with an Idempotency-Key is refused rather than risked twice', async () => {
    const before = harness.simulators[adapter.name]!.requests.filter((request) => request.method === 'POST').length;
    const response = await harness.http
      .post('/v1/users')
      .set('Authorization', harness.bearer())
      .set('Idempotency-Key', 'redis-down-1')
      .send(newUserRequest(adapter, 'redis.down@example.com'));
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'provider_unavailable', origin: 'gateway', retryable: true });
    expect(harness.simulators[adapter.name]!.requests.filter((request) => request.method === 'POST').length).toBe(before);
  });

  it('when Redis is gone, then the instance stays ready and says Redis is degraded', async () => {
    const response = await harness.http.get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ready', checks: { redis: 'degraded' } });
  });

  it('when Redis is gone, then the degraded metric is 1', async () => {
    const text = await harness.gateway.metrics.registry.metrics();
    expect(text).toMatch(/^usergate_redis_degraded 1$/m);
  });
});

describe('Redis required for readiness (redis.requiredForReadiness)', () => {
  let redis: PrivateRedis;
  let harness: Harness;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    harness = await startHarness({ redis: { url: redis.url, requiredForReadiness: true }, connections: [{ adapter }] });
  });
  afterAll(async () => {
    await harness.close();
    await redis.stop();
  });

  it('when Redis is up, then the instance is ready and Redis ok', async () => {
    const response = await harness.http.get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body.checks.redis).toBe('ok');
    expect(await harness.gateway.metrics.registry.metrics()).toMatch(/^usergate_redis_degraded 0$/m);
  });

  it('when Redis is gone, then the instance leaves readiness', async () => {
    await redis.stop();
    const response = await harness.http.get('/readyz');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ status: 'not-ready', checks: { redis: 'degraded' } });
  });
});
