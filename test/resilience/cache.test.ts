import { setTimeout as delay } from 'node:timers/promises';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, otherUserId, personId } from '../support/registry';

/** An adapter that maps an address (personal data) and has a demo user besides the demo person. */
const adapter = adapterWith({ otherUsers: 1, maps: ['address.city'] });
const [PERSON, FIRST] = [personId(adapter), otherUserId(adapter)];
const simulator = (harness: Harness) => harness.simulators[adapter.name]!;

/** Calls that read this user (its path ends with the user's id). */
const reads = (harness: Harness, globalId = PERSON) => {
  const id = encodeURIComponent(globalId.slice(adapter.name.length + 1));
  return simulator(harness).requests.filter((request) => request.method === 'GET' && request.path.endsWith(`/${id}`)).length;
};
const path = (globalId: string) => `/v1/users/${encodeURIComponent(globalId)}`;

describe('coalescing', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ redis: true, cache: { enabled: true }, connections: [{ adapter }] });
    simulator(harness).faults.set({ latencyMs: 150 });
  });
  afterAll(() => harness.close());

  it('when 200 identical reads arrive at once on a cold cache, then the provider is called once', async () => {
    const token = harness.bearer();
    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        harness.http
          .get(path(FIRST))
          .set('Authorization', token)
          .then((response) => response),
      ),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(reads(harness, FIRST)).toBe(1);
    const statuses = responses.map((response) => response.headers['cache-status']);
    expect(statuses.filter((status) => status === 'usergate; fwd=miss; stored')).toHaveLength(1);
    expect(statuses.filter((status) => /collapsed|hit/.test(status ?? ''))).toHaveLength(199);
  });

  it('when a client with other scopes reads the same user, then it gets its own call and its own projection', async () => {
    const before = reads(harness, FIRST);
    const [full, limited] = await Promise.all([
      harness.http
        .get(path(PERSON))
        .set('Authorization', harness.bearer())
        .then((response) => response),
      harness.http
        .get(path(PERSON))
        .set('Authorization', harness.bearer(['users:read']))
        .then((response) => response),
    ]);
    expect(reads(harness, PERSON)).toBe(2);
    expect(reads(harness, FIRST)).toBe(before);
    expect(full.body.address).not.toBeNull();
    expect(limited.body.address).toBeNull();
  });
});

describe('read cache', () => {
  let harness: Harness;
  afterEach(() => harness.close());
  const get = (id = PERSON, scopes?: Parameters<Harness['bearer']>[0]) => harness.http.get(path(id)).set('Authorization', harness.bearer(scopes));

  it('when a read is fresh in the cache, then it is served without calling the provider', async () => {
    harness = await startHarness({ redis: true, cache: { enabled: true, softTtlSeconds: 60 }, connections: [{ adapter }] });
    expect((await get()).headers['cache-status']).toBe('usergate; fwd=miss; stored');
    const second = await get();
    expect(second.headers['cache-status']).toMatch(/^usergate; hit; ttl=\d+$/);
    expect(reads(harness)).toBe(1);
  });

  it('when the provider is down and a stale copy is still within the hard TTL, then the stale copy is served and marked', async () => {
    harness = await startHarness({
      redis: true,
      cache: { enabled: true, softTtlSeconds: 0, staleWhileRevalidateSeconds: 0, hardTtlSeconds: 60 },
      connections: [{ adapter, settings: { retries: 0 } }],
    });
    const fresh = await get();
    simulator(harness).faults.set({ errorRate: 1, errorStatus: 503 });
    const stale = await get();
    expect(stale.status).toBe(200);
    expect(stale.headers['cache-status']).toMatch(/detail=stale-if-error/);
    expect(stale.body).toEqual(fresh.body);
  });

  it('when the provider is down and nothing is cached, then the error comes through', async () => {
    harness = await startHarness({ redis: true, cache: { enabled: true }, connections: [{ adapter, settings: { retries: 0 } }] });
    simulator(harness).faults.set({ errorRate: 1, errorStatus: 503 });
    expect((await get()).status).toBe(503);
  });

  it('when a copy is past its soft TTL, then it is served at once and refreshed by one background call', async () => {
    harness = await startHarness({
      redis: true,
      cache: { enabled: true, softTtlSeconds: 0, staleWhileRevalidateSeconds: 60 },
      connections: [{ adapter }],
    });
    await get();
    const responses = await Promise.all([get(), get(), get()].map((request) => request.then((response) => response)));
    expect(responses.map((response) => response.headers['cache-status'])).toEqual(Array(3).fill(expect.stringMatching(/detail=stale-while-revalidate/)));
    await delay(100);
    expect(reads(harness)).toBe(2);
  });

  it('when the user is changed through the gateway, then every cached copy of it is dropped', async () => {
    const changing = adapterWith({ update: true, maps: ['name.full'] });
    harness = await startHarness({ redis: true, cache: { enabled: true, softTtlSeconds: 60 }, connections: [{ adapter: changing }] });
    const id = personId(changing);
    await get(id);
    await get(id, ['users:read']);
    const changed = await harness.http.patch(path(id)).set('Authorization', harness.bearer()).send(changing.demo.patch);
    expect(changed.status).toBe(200);
    const afterFull = await get(id);
    const afterLimited = await get(id, ['users:read']);
    expect(afterFull.headers['cache-status']).toContain('fwd=miss');
    expect(afterLimited.headers['cache-status']).toContain('fwd=miss');
    expect(afterFull.body.name).toEqual(changed.body.name);
    expect(afterLimited.body.name).toEqual(changed.body.name);
  });
});
