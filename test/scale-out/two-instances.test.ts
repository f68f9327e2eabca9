import { paysera } from '../../adapters/paysera';
import { wise } from '../../adapters/wise';
import { mintToken } from '../../src/auth/jwt';
import { SCOPES } from '../../src/auth/principal';
import type { RunningSimulator } from '../../src/connections/adapter';
import { KeyRing } from '../../src/secrets/key-ring';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { TEST_REDIS_URL, uniqueKeyPrefix } from '../support/redis';

const jwt = { secret: 'scale-out-test-secret-scale-out-test-secret', audience: 'usergate', issuer: 'usergate' };
const token = (subject: string) => mintToken({ ...jwt, algorithms: ['HS256'] }, { subject, scopes: [...SCOPES], ttlSeconds: 300 });

/** Two gateway processes behind nothing but their ports, sharing one Redis: what a deployment runs. */
describe('two instances on one Redis', () => {
  let simulator: RunningSimulator;
  let wiseSimulator: RunningSimulator;
  let instances: GatewayProcess[];
  let urls: string[];
  beforeAll(async () => {
    simulator = await paysera.startSimulator();
    wiseSimulator = await wise.startSimulator();
    const config = {
      auth: { jwt: { secret: '${JWT_SECRET}', audience: jwt.audience, issuer: jwt.issuer } },
      redis: { url: TEST_REDIS_URL, keyPrefix: uniqueKeyPrefix() },
      rateLimit: { requests: 4, perSeconds: 60 },
      authFailureLimit: { requests: 2, perSeconds: 60 },
      cache: { enabled: true, softTtlSeconds: 60, statusHeader: true },
      connections: {
        paysera: { adapter: 'paysera', baseUrl: simulator.baseUrl, credentials: simulator.credentials },
        wise: { adapter: 'wise', baseUrl: wiseSimulator.baseUrl, credentials: wiseSimulator.credentials },
      },
    };
    // Instances sharing Redis share USERGATE_SECRETS_KEYS: idempotency fingerprints are keyed hashes under it.
    const env = { JWT_SECRET: jwt.secret, USERGATE_SECRETS_KEYS: KeyRing.generateEntry('k1') };
    instances = [startGatewayProcess(config, env), startGatewayProcess(config, env)];
    urls = await Promise.all(instances.map((instance) => instance.url));
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await simulator.close();
    await wiseSimulator.close();
  });

  const call = (instance: number, path: string, subject: string, init: RequestInit = {}) =>
    fetch(`${urls[instance]}${path}`, { ...init, headers: { authorization: `Bearer ${token(subject)}`, 'content-type': 'application/json', ...init.headers } });
  const posts = () => simulator.requests.filter((request) => request.method === 'POST').length;

  it('when the same Idempotency-Key create is sent to both instances, then the user is created once', async () => {
    const before = posts();
    const create = (instance: number) =>
      call(instance, '/v1/users', 'idempotent-client', {
        method: 'POST',
        headers: { 'idempotency-key': 'scale-out-create-1' },
        body: JSON.stringify({ connection: 'paysera', user: { email: 'scale.out@example.com' }, password: 'secretPassword22' }),
      });
    const first = await create(0);
    const second = await create(1);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(((await second.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect(posts() - before).toBe(1);
  });

  it('when a client spreads its requests over both instances, then its rate limit is shared', async () => {
    const statuses = [];
    for (let index = 0; index < 5; index += 1) statuses.push((await call(index % 2, '/v1/users/paysera:221', 'spread-client')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it("when a user is changed through one instance, then the other instance's cache no longer serves the old copy", async () => {
    await call(0, '/v1/users/paysera:1004', 'cache-client');
    const cached = await call(1, '/v1/users/paysera:1004', 'cache-client');
    expect(cached.headers.get('cache-status')).toMatch(/^usergate; hit/);
    const patched = await call(1, '/v1/users/paysera:1004', 'cache-client-writer', { method: 'PATCH', body: JSON.stringify({ name: { given: 'Zoey' } }) });
    expect(patched.status).toBe(200);
    const fresh = await call(0, '/v1/users/paysera:1004', 'cache-client');
    expect(((await fresh.json()) as { name: { given: string } }).name.given).toBe('Zoey');
  });

  it('when a Wise user is created through one instance, then the other reads it with the tokens the first stored', async () => {
    const created = await call(0, '/v1/users', 'wise-client', {
      method: 'POST',
      body: JSON.stringify({ connection: 'wise', user: { email: 'scale.out.wise@example.com' } }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await call(1, `/v1/users/${id}`, 'wise-client');
    expect(read.status).toBe(200);
    expect(((await read.json()) as { email: string }).email).toBe('scale.out.wise@example.com');
  });

  // Last: it leaves this file's address refused for the rest of the window.
  it('when an address fails authentication at both instances, then its failures are counted together', async () => {
    const badToken = (instance: number) => fetch(`${urls[instance]}/v1/users/paysera:221`, { headers: { authorization: 'Bearer not.a.jwt' } });
    expect((await badToken(0)).status).toBe(401);
    expect((await badToken(1)).status).toBe(401);
    expect((await badToken(0)).status).toBe(429);
    expect((await call(1, '/v1/users/paysera:221', 'after-the-failures')).status).toBe(429);
  });
});
