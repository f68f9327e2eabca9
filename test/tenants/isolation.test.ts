import { Redis } from 'ioredis';
import type { ConnectionSetup, RunningSimulator } from '../../src/connections/adapter';
import { TenantRegistry } from '../../src/connections/tenant-registry';
import { Metrics } from '../../src/observability/metrics';
import { KeyRing } from '../../src/secrets/key-ring';
import { GuardedRedis } from '../../src/storage/redis-guard';
import { RedisStore, type KeyValueStore } from '../../src/storage/store';
import { acmeAdapter } from '../support/acme-adapter';
import { openTemporaryStore, startHarness, type Harness } from '../support/harness';
import { capturedLogger } from '../support/log-capture';
import { TEST_REDIS_URL, uniqueKeyPrefix } from '../support/redis';
import { adapterWith, newUserRequest } from '../support/registry';
import { addStoredConnection } from './stored';

/**
 * Two tenants, each with a stored connection called `shop` of the same adapter, at two accounts
 * (two simulators, each with credentials of its own); the same client (subject), user ids and
 * scopes in both. On the real Redis, with the read cache on: nothing one tenant did may answer the other.
 */
const adapter = adapterWith({ create: true, lookup: 'email', otherUsers: 2 });
const person = adapter.demo.personId;
const [firstOther, secondOther] = adapter.demo.userIds as [string, string];

let harness: Harness;
let accounts: Record<'acme' | 'globex', RunningSimulator>;
beforeAll(async () => {
  const [acme, globex] = await Promise.all([adapter.startSimulator(), adapter.startSimulator()]);
  accounts = { acme: acme!, globex: globex! };
  harness = await startHarness({ store: true, redis: true, cache: { enabled: true }, connections: [{ adapter }] });
  for (const tenant of ['acme', 'globex'] as const) {
    await addStoredConnection(harness.stored!, { tenant, name: 'shop', adapter, simulator: accounts[tenant] });
  }
});
afterAll(async () => {
  await harness.close();
  await Promise.all(Object.values(accounts).map((simulator) => simulator.close()));
});
beforeEach(() => {
  for (const simulator of Object.values(accounts)) {
    simulator.requests.length = 0;
    simulator.faults.clear();
  }
});

const as = (tenant: 'acme' | 'globex') => harness.bearer('all', { subject: 'same-client', tenant });
const read = (tenant: 'acme' | 'globex', id: string) => harness.http.get(`/v1/users/shop:${id}`).set('Authorization', as(tenant));
const calls = (tenant: 'acme' | 'globex', method = 'GET') => accounts[tenant].requests.filter((request) => request.method === method).length;

describe('two tenants with a connection of the same name', () => {
  it("when both read the same user id, then each gets it from its own account and never from the other's cached answer", async () => {
    const first = await read('acme', person);
    expect(first.headers['cache-status']).toBe('usergate; fwd=miss; stored');
    const second = await read('globex', person);
    expect(second.status).toBe(200);
    expect(second.headers['cache-status']).toBe('usergate; fwd=miss; stored');
    expect([calls('acme'), calls('globex')]).toEqual([1, 1]);
    expect((await read('acme', person)).headers['cache-status']).toMatch(/^usergate; hit/);
    expect(calls('acme')).toBe(1);
  });

  it('when both read the same user at once, then each read reaches its own account: no flight is shared', async () => {
    for (const simulator of Object.values(accounts)) simulator.faults.set({ latencyMs: 300 });
    const responses = await Promise.all([read('acme', firstOther), read('globex', firstOther), read('acme', firstOther), read('globex', firstOther)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect([calls('acme'), calls('globex')]).toEqual([1, 1]);
    expect(responses.map((response) => response.headers['cache-status'])).toContain('usergate; fwd=miss; collapsed');
  });

  it('when both search by the same email at once, then each search reaches its own account', async () => {
    for (const simulator of Object.values(accounts)) simulator.faults.set({ latencyMs: 300 });
    const search = (tenant: 'acme' | 'globex') =>
      harness.http.get('/v1/users').query({ email: 'egle.jankauskiene@example.com' }).set('Authorization', as(tenant));
    const [acme, globex] = await Promise.all([search('acme'), search('globex')]);
    expect(Object.keys(acme.body.connections)).toEqual(['shop']);
    expect(Object.keys(globex.body.connections)).toEqual(['shop']);
    expect([calls('acme'), calls('globex')]).toEqual([1, 1]);
  });

  it("when both create with the same Idempotency-Key and body, then the second tenant's create is made at its own account, not replayed", async () => {
    const request = { ...newUserRequest(adapter, 'same-key@example.com'), connection: 'shop' };
    const create = (tenant: 'acme' | 'globex') =>
      harness.http.post('/v1/users').set('Authorization', as(tenant)).set('Idempotency-Key', 'same-key').send(request);
    const acme = await create('acme');
    const globex = await create('globex');
    expect([acme.status, globex.status]).toEqual([201, 201]);
    expect(globex.headers['idempotent-replayed']).toBeUndefined();
    expect([calls('acme', 'POST'), calls('globex', 'POST')]).toEqual([1, 1]);
    const again = await create('acme');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(calls('acme', 'POST')).toBe(1);
  });

  it('when a tenant lists its connections, then it sees its own only; default sees the declared ones and its own stored ones', async () => {
    await addStoredConnection(harness.stored!, { tenant: 'default', name: 'extra', adapter, simulator: accounts.acme });
    const names = async (authorization: string) =>
      ((await harness.http.get('/v1/connections').set('Authorization', authorization)).body.data as { name: string }[]).map((connection) => connection.name);
    expect(await names(as('acme'))).toEqual(['shop']);
    expect(await names(harness.bearer('all'))).toEqual([adapter.name, 'extra']);
  });

  it('when an ops token with tenants ["*"] names a tenant in Usergate-Tenant, then it reads through that tenant\'s connection', async () => {
    const ops = harness.bearer('all', { subject: 'ops', tenants: ['*'] });
    for (const tenant of ['acme', 'globex'] as const) {
      const response = await harness.http.get(`/v1/users/shop:${secondOther}`).set('Authorization', ops).set('Usergate-Tenant', tenant);
      expect(response.status).toBe(200);
      expect(calls(tenant)).toBe(1);
    }
    const withoutHeader = await harness.http.get(`/v1/users/shop:${secondOther}`).set('Authorization', ops);
    expect(withoutHeader.body.code).toBe('invalid_user_id');
  });

  it('when a tenant reads, then the audit line names its tenant', async () => {
    await read('globex', person);
    expect(harness.audit.at(-1)).toMatchObject({ action: 'user.read', tenant: 'globex', connections: ['shop'] });
  });
});

describe('the client rate limit', () => {
  let limited: Harness;
  beforeAll(async () => {
    limited = await startHarness({ store: true, redis: true, rateLimit: { requests: 2, perSeconds: 60 }, connections: [{ adapter }] });
  });
  afterAll(() => limited.close());

  it('when a client spends its budget in one tenant, then it still has its budget in another', async () => {
    const list = (tenant: string) => limited.http.get('/v1/connections').set('Authorization', limited.bearer(['users:read'], { subject: 'busy', tenant }));
    expect((await list('acme')).status).toBe(200);
    expect((await list('acme')).status).toBe(200);
    expect((await list('acme')).status).toBe(429);
    expect((await list('globex')).status).toBe(200);
  });
});

describe('what an adapter keeps in the shared store (a provider user token, say)', () => {
  it("when two tenants' connections of one name keep a value under one key, then neither reads the other's, on the real Redis", async () => {
    const redis = new Redis(TEST_REDIS_URL);
    // The store skips a Redis that is not connected yet.
    await redis.ping();
    const { logger } = capturedLogger();
    const temporary = await openTemporaryStore(logger);
    const stores: KeyValueStore[] = [];
    const acme = acmeAdapter(
      { get: false, lookup: [], lookupMode: 'users', create: false, update: false, delete: false },
      {},
      {
        connect: (setup: ConnectionSetup<unknown, unknown>) => {
          stores.push(setup.store);
          return {};
        },
      },
    );
    try {
      const simulatorStandIn = { baseUrl: 'https://acme.example/api', options: {}, credentials: {} } as unknown as RunningSimulator;
      for (const tenant of ['acme', 'globex'])
        await addStoredConnection(temporary.stored, { tenant, name: 'wallet', adapter: acme, simulator: simulatorStandIn });
      const dependencies = {
        store: new RedisStore(new GuardedRedis(redis, uniqueKeyPrefix(), logger)),
        logger,
        metrics: new Metrics(),
        keyRing: KeyRing.parse(KeyRing.generateEntry('t')),
      };
      const registry = new TenantRegistry({ adapters: [acme], declared: [], stored: temporary.stored, dependencies, logger });
      const first = registry.forTenant('acme').get('wallet')!;
      const second = registry.forTenant('globex').get('wallet')!;
      expect(first).not.toBe(second);
      const [acmeStore, globexStore] = stores as [KeyValueStore, KeyValueStore];
      await acmeStore.set('user-tokens:wallet:1', 'acme-token', 60_000);
      expect(await globexStore.get('user-tokens:wallet:1')).toBeNull();
      await globexStore.set('user-tokens:wallet:1', 'globex-token', 60_000);
      expect(await acmeStore.get('user-tokens:wallet:1')).toBe('acme-token');
      await registry.close();
    } finally {
      await temporary.dispose();
      redis.disconnect();
    }
  });
});
