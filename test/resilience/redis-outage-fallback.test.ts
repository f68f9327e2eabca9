import { OutageCopy } from '../../src/cache/outage-copy';
import { startHarness, type Harness } from '../support/harness';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';
import { uniqueKeyPrefix } from '../support/redis';
import { waitUntil } from '../support/redis-topology';
import { adapterWith, personId } from '../support/registry';

const adapter = adapterWith({});
const user = `/v1/users/${encodeURIComponent(personId(adapter))}`;
const reads = (harness: Harness) => harness.simulators[adapter.name]!.requests.filter((request) => request.method === 'GET').length;
const read = (harness: Harness) => harness.http.get(user).set('Authorization', harness.bearer());

describe("this instance's copy of the cache during a Redis outage", () => {
  let redis: PrivateRedis;
  let harness: Harness;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    harness = await startHarness({ redis: redis.url, cache: { enabled: true }, connections: [{ adapter }] });
  });
  afterAll(async () => {
    await harness.close();
    await redis.stop();
  });

  it('when Redis is gone, then a user read before is served from the copy without calling the provider', async () => {
    expect((await read(harness)).headers['cache-status']).toContain('stored');
    await redis.stop();
    const before = reads(harness);
    const response = await read(harness);
    expect(response.status).toBe(200);
    expect(response.headers['cache-status']).toMatch(/^usergate; hit/);
    expect(reads(harness)).toBe(before);
  });
});

describe('the copy is bounded', () => {
  it('when more entries than allowed are kept, then the least recently used go first', () => {
    const copy = new OutageCopy({ maxEntries: 2, maxBytes: 1_000 });
    copy.set('a', '1');
    copy.set('b', '2');
    copy.get('a');
    copy.set('c', '3');
    expect([copy.get('a'), copy.get('b'), copy.get('c')]).toEqual(['1', undefined, '3']);
  });

  it('when more bytes than allowed are kept, then the oldest go until the rest fits', () => {
    const copy = new OutageCopy({ maxEntries: 100, maxBytes: 100 });
    for (const key of ['k1', 'k2', 'k3']) copy.set(key, 'x'.repeat(20));
    expect(copy.size.bytes).toBeLessThanOrEqual(100);
    expect([copy.get('k1'), copy.get('k3')]).toEqual([undefined, 'x'.repeat(20)]);
  });

  it('when one entry is larger than the whole bound, then it is not kept', () => {
    const copy = new OutageCopy({ maxEntries: 100, maxBytes: 10 });
    copy.set('big', 'x'.repeat(100));
    expect(copy.size).toEqual({ entries: 0, bytes: 0 });
  });
});

/** Two instances on one Redis, each reading from the provider (no cache), both paced below 10 calls a minute. */
describe("the providers' quotas during a Redis outage", () => {
  const outboundLimit = { requests: 10, perSeconds: 60 };
  let redis: PrivateRedis;
  const harnesses: Harness[] = [];
  beforeAll(async () => {
    redis = await startPrivateRedis();
    const keyPrefix = uniqueKeyPrefix();
    for (let index = 0; index < 2; index += 1) {
      harnesses.push(
        await startHarness({ redis: { url: redis.url, keyPrefix }, connections: [{ adapter, timeouts: { totalMs: 500 }, settings: { outboundLimit } }] }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(harnesses.map((harness) => harness.close()));
    await redis.stop();
  });

  it('when Redis is gone, then each of two instances known through it sends only its half of the budget', async () => {
    const [first] = harnesses;
    await waitUntil(
      async () => /^usergate_instances_sharing_quotas 2$/m.test(await first!.gateway.metrics.registry.metrics()),
      10_000,
      'both instances to be counted',
    );
    await redis.stop();
    const statuses: number[] = [];
    for (let index = 0; index < 12; index += 1) statuses.push((await read(first!)).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(outboundLimit.requests / 2);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 429)).toBe(true);
  });
});

describe('a configured number of instances (redis.instances)', () => {
  let redis: PrivateRedis;
  let harness: Harness;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    harness = await startHarness({
      redis: { url: redis.url, instances: 4 },
      connections: [{ adapter, timeouts: { totalMs: 500 }, settings: { outboundLimit: { requests: 8, perSeconds: 60 } } }],
    });
  });
  afterAll(async () => {
    await harness.close();
    await redis.stop();
  });

  it('when Redis is gone, then the instance sends the configured share of the budget', async () => {
    await redis.stop();
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) statuses.push((await read(harness)).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(2);
  });
});
