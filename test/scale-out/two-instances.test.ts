import { adapters } from '../../adapters';
import { mintToken } from '../../src/auth/jwt';
import { SCOPES } from '../../src/auth/principal';
import type { RunningSimulator } from '../../src/connections/adapter';
import { KeyRing } from '../../src/secrets/key-ring';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { TEST_REDIS_URL, uniqueKeyPrefix } from '../support/redis';
import { adapterWith, newUserRequest, personId } from '../support/registry';

const jwt = { secret: 'scale-out-test-secret-scale-out-test-secret', audience: 'usergate', issuer: 'usergate' };
const token = (subject: string) => mintToken({ ...jwt, algorithms: ['HS256'] }, { subject, scopes: [...SCOPES], ttlSeconds: 300 });

/** An adapter that creates and updates users, for the writes below. */
const writer = adapterWith({ create: true, update: true });
const path = (globalId: string) => `/v1/users/${encodeURIComponent(globalId)}`;

/** Two gateway processes behind nothing but their ports, sharing one Redis, in front of every adapter's simulator: what a deployment runs. */
describe('two instances on one Redis', () => {
  const simulators: Record<string, RunningSimulator> = {};
  let instances: GatewayProcess[];
  let urls: string[];
  beforeAll(async () => {
    for (const adapter of adapters) simulators[adapter.name] = await adapter.startSimulator();
    const config = {
      auth: { jwt: { secret: '${JWT_SECRET}', audience: jwt.audience, issuer: jwt.issuer } },
      redis: { url: TEST_REDIS_URL, keyPrefix: uniqueKeyPrefix() },
      rateLimit: { requests: 4, perSeconds: 60 },
      authFailureLimit: { requests: 2, perSeconds: 60 },
      cache: { enabled: true, softTtlSeconds: 60, statusHeader: true },
      connections: Object.fromEntries(
        Object.entries(simulators).map(([name, { baseUrl, credentials, options }]) => [name, { adapter: name, baseUrl, credentials, options }]),
      ),
    };
    // Instances sharing Redis share USERGATE_SECRETS_KEYS: idempotency fingerprints are keyed hashes under it.
    const env = { JWT_SECRET: jwt.secret, USERGATE_SECRETS_KEYS: KeyRing.generateEntry('k1') };
    instances = [startGatewayProcess(config, env), startGatewayProcess(config, env)];
    urls = await Promise.all(instances.map((instance) => instance.url));
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await Promise.all(Object.values(simulators).map((simulator) => simulator.close()));
  });

  const call = (instance: number, path: string, subject: string, init: RequestInit = {}) =>
    fetch(`${urls[instance]}${path}`, { ...init, headers: { authorization: `Bearer ${token(subject)}`, 'content-type': 'application/json', ...init.headers } });
  const posts = () => simulators[writer.name]!.requests.filter((request) => request.method === 'POST').length;

  it('when the same Idempotency-Key create is sent to both instances, then the user is created once', async () => {
    const before = posts();
    const create = (instance: number) =>
      call(instance, '/v1/users', 'idempotent-client', {
        method: 'POST',
        headers: { 'idempotency-key': 'scale-out-create-1' },
        body: JSON.stringify(newUserRequest(writer, 'scale.out@example.com')),
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
    for (let index = 0; index < 5; index += 1) statuses.push((await call(index % 2, path(personId(writer)), 'spread-client')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it("when a user is changed through one instance, then the other instance's cache no longer serves the old copy", async () => {
    const user = path(personId(writer));
    await call(0, user, 'cache-client');
    const cached = await call(1, user, 'cache-client');
    expect(cached.headers.get('cache-status')).toMatch(/^usergate; hit/);
    const patched = await call(1, user, 'cache-client-writer', { method: 'PATCH', body: JSON.stringify(writer.demo.patch) });
    expect(patched.status).toBe(200);
    const fresh = await call(0, user, 'cache-client');
    expect(((await fresh.json()) as { name: unknown }).name).toEqual(((await patched.json()) as { name: unknown }).name);
  });

  it.each(adapters.filter((adapter) => adapter.capabilities.create).map((adapter) => [adapter.name, adapter] as const))(
    'when a %s user is created through one instance, then the other reads it (with whatever the first kept for it)',
    async (_name, adapter) => {
      const email = `scale.out.${adapter.name}@example.com`;
      const created = await call(0, '/v1/users', `${adapter.name}-client`, { method: 'POST', body: JSON.stringify(newUserRequest(adapter, email)) });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const read = await call(1, path(id), `${adapter.name}-client`);
      expect(read.status).toBe(200);
      expect(((await read.json()) as { email: string }).email).toBe(email);
    },
  );

  // Last: it leaves this file's address refused for the rest of the window.
  it('when an address fails authentication at both instances, then its failures are counted together', async () => {
    const user = path(personId(writer));
    const badToken = (instance: number) => fetch(`${urls[instance]}${user}`, { headers: { authorization: 'Bearer not.a.jwt' } });
    expect((await badToken(0)).status).toBe(401);
    expect((await badToken(1)).status).toBe(401);
    expect((await badToken(0)).status).toBe(429);
    expect((await call(1, user, 'after-the-failures')).status).toBe(429);
  });
});
