import { setTimeout as delay } from 'node:timers/promises';
import { paysera } from '../../adapters/paysera';
import { startHarness, type Harness } from '../support/harness';

const reads = (harness: Harness, id = '1001') =>
  harness.simulators.paysera!.requests.filter((request) => request.method === 'GET' && request.path === `/rest/v1/user/${id}`).length;

describe('coalescing', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ redis: true, cache: { enabled: true }, connections: [{ adapter: paysera }] });
    harness.simulators.paysera!.faults.set({ latencyMs: 150 });
  });
  afterAll(() => harness.close());

  it('when 200 identical reads arrive at once on a cold cache, then the provider is called once', async () => {
    const token = harness.bearer();
    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        harness.http
          .get('/v1/users/paysera:1005')
          .set('Authorization', token)
          .then((response) => response),
      ),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(reads(harness, '1005')).toBe(1);
    const statuses = responses.map((response) => response.headers['cache-status']);
    expect(statuses.filter((status) => status === 'usergate; fwd=miss; stored')).toHaveLength(1);
    expect(statuses.filter((status) => /collapsed|hit/.test(status ?? ''))).toHaveLength(199);
  });

  it('when a client with other scopes reads the same user, then it gets its own call and its own projection', async () => {
    const before = reads(harness, '1005');
    const [full, limited] = await Promise.all([
      harness.http
        .get('/v1/users/paysera:1004')
        .set('Authorization', harness.bearer())
        .then((response) => response),
      harness.http
        .get('/v1/users/paysera:1004')
        .set('Authorization', harness.bearer(['users:read']))
        .then((response) => response),
    ]);
    expect(reads(harness, '1004')).toBe(2);
    expect(reads(harness, '1005')).toBe(before);
    expect(full.body.nationality).toBe('SE');
    expect(limited.body.address).toBeNull();
  });
});

describe('read cache', () => {
  let harness: Harness;
  afterEach(() => harness.close());
  const get = (id = '1001', scopes?: Parameters<Harness['bearer']>[0]) =>
    harness.http.get(`/v1/users/paysera:${id}`).set('Authorization', harness.bearer(scopes));

  it('when a read is fresh in the cache, then it is served without calling the provider', async () => {
    harness = await startHarness({ redis: true, cache: { enabled: true, softTtlSeconds: 60 }, connections: [{ adapter: paysera }] });
    expect((await get()).headers['cache-status']).toBe('usergate; fwd=miss; stored');
    const second = await get();
    expect(second.headers['cache-status']).toMatch(/^usergate; hit; ttl=\d+$/);
    expect(reads(harness)).toBe(1);
  });

  it('when the provider is down and a stale copy is still within the hard TTL, then the stale copy is served and marked', async () => {
    harness = await startHarness({
      redis: true,
      cache: { enabled: true, softTtlSeconds: 0, staleWhileRevalidateSeconds: 0, hardTtlSeconds: 60 },
      connections: [{ adapter: paysera, settings: { retries: 0 } }],
    });
    const fresh = await get();
    harness.simulators.paysera!.faults.set({ errorRate: 1, errorStatus: 503 });
    const stale = await get();
    expect(stale.status).toBe(200);
    expect(stale.headers['cache-status']).toMatch(/detail=stale-if-error/);
    expect(stale.body).toEqual(fresh.body);
  });

  it('when the provider is down and nothing is cached, then the error comes through', async () => {
    harness = await startHarness({ redis: true, cache: { enabled: true }, connections: [{ adapter: paysera, settings: { retries: 0 } }] });
    harness.simulators.paysera!.faults.set({ errorRate: 1, errorStatus: 503 });
    expect((await get()).status).toBe(503);
  });

  it('when a copy is past its soft TTL, then it is served at once and refreshed by one background call', async () => {
    harness = await startHarness({
      redis: true,
      cache: { enabled: true, softTtlSeconds: 0, staleWhileRevalidateSeconds: 60 },
      connections: [{ adapter: paysera }],
    });
    await get();
    const responses = await Promise.all([get(), get(), get()].map((request) => request.then((response) => response)));
    expect(responses.map((response) => response.headers['cache-status'])).toEqual(Array(3).fill(expect.stringMatching(/detail=stale-while-revalidate/)));
    await delay(100);
    expect(reads(harness)).toBe(2);
  });

  it('when the user is changed through the gateway, then every cached copy of it is dropped', async () => {
    harness = await startHarness({ redis: true, cache: { enabled: true, softTtlSeconds: 60 }, connections: [{ adapter: paysera }] });
    await get('1007');
    await get('1007', ['users:read']);
    await harness.http
      .patch('/v1/users/paysera:1007')
      .set('Authorization', harness.bearer())
      .send({ name: { given: 'Jonukas' } });
    const afterFull = await get('1007');
    const afterLimited = await get('1007', ['users:read']);
    expect(afterFull.body.name.given).toBe('Jonukas');
    expect(afterLimited.body.name.given).toBe('Jonukas');
    expect(afterFull.headers['cache-status']).toContain('fwd=miss');
  });

  it("when a provider-only operation writes to a user, then that user's cached copies are dropped too", async () => {
    harness = await startHarness({ redis: true, cache: { enabled: true, softTtlSeconds: 60 }, connections: [{ adapter: paysera }] });
    await get('1004');
    const changed = await harness.http
      .put('/v1/connections/paysera/users/1004/identity')
      .set('Authorization', harness.bearer())
      .send({ name: { given: 'Zoey', family: 'Ångström' }, nationality: 'SE' });
    expect(changed.status).toBe(200);
    const after = await get('1004');
    expect(after.headers['cache-status']).toContain('fwd=miss');
    expect(after.body.name.given).toBe('Zoey');
  });
});
