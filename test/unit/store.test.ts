import { Redis } from 'ioredis';
import { createLogger } from '../../src/logging/logger';
import { GuardedRedis } from '../../src/storage/redis-guard';
import { MemoryStore, RedisStore, type KeyValueStore } from '../../src/storage/store';
import { TEST_REDIS_URL, uniqueKeyPrefix } from '../support/redis';

const redis = new Redis(TEST_REDIS_URL);
// The store skips a Redis that is not connected yet.
beforeAll(() => redis.ping());
afterAll(() => redis.quit());

describe.each([
  ['memory', () => new MemoryStore()],
  ['redis', () => new RedisStore(new GuardedRedis(redis, uniqueKeyPrefix(), createLogger({ level: 'error' })))],
] as Array<[string, () => KeyValueStore]>)('%s store', (_kind, make) => {
  it('when a key is set only if absent, then the second claim fails', async () => {
    const store = make();
    expect(await store.setIfAbsent('lock', 'a', 10_000)).toBe(true);
    expect(await store.setIfAbsent('lock', 'b', 10_000)).toBe(false);
    expect(await store.get('lock')).toBe('a');
  });

  it('when a lock was retaken by someone else, then deleting it by its old value leaves the new holder alone', async () => {
    const store = make();
    await store.set('lock', 'new-holder', 10_000);
    await store.deleteIfValue('lock', 'old-holder');
    expect(await store.get('lock')).toBe('new-holder');
    await store.deleteIfValue('lock', 'new-holder');
    expect(await store.get('lock')).toBeNull();
  });

  it('when a value is replaced only while it holds the expected one, then a stale expectation changes nothing', async () => {
    const store = make();
    await store.set('claim', 'first', 10_000);
    expect(await store.replaceIfValue('claim', 'second', 'third', 10_000)).toBe(false);
    expect(await store.get('claim')).toBe('first');
    expect(await store.replaceIfValue('claim', 'first', 'second', 10_000)).toBe(true);
    expect(await store.get('claim')).toBe('second');
  });

  it('when a value expires, then it is gone', async () => {
    const store = make();
    await store.set('short', 'x', 20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await store.get('short')).toBeNull();
  });
});
