import { ReadCache } from '../../src/cache/read-cache';
import { Metrics } from '../../src/observability/metrics';
import { MemoryStore } from '../../src/storage/store';
import { capturedLogger } from '../support/log-capture';

/** A hit keeps the entry it parsed while the store's text is unchanged; these are what that must never change. */
describe('the read cache, on a hit', () => {
  const policy = { softTtlMs: 60_000, staleWhileRevalidateMs: 0, hardTtlMs: 60_000 };
  const load = (name: string) => () => Promise.resolve({ name, address: { city: 'Vilnius' } });
  let store: MemoryStore;
  let cache: ReadCache;
  beforeEach(() => {
    store = new MemoryStore();
    cache = new ReadCache(store, new Metrics(), capturedLogger().logger);
  });

  it('when the entry was rewritten in the store (by another instance), then the hit serves the new text', async () => {
    await cache.read('user', policy, load('first'));
    expect((await cache.read('user', policy, load('unused'))).value).toEqual({ name: 'first', address: { city: 'Vilnius' } });
    await store.set('user', JSON.stringify({ value: { name: 'second', address: { city: 'Kaunas' } }, storedAt: Date.now() }), 60_000);
    const read = await cache.read('user', policy, load('unused'));
    expect(read).toMatchObject({ result: 'hit', value: { name: 'second', address: { city: 'Kaunas' } } });
  });

  it('when a reader tries to change what a hit gave it, then it cannot, to its innermost field', async () => {
    await cache.read('user', policy, load('first'));
    const { value } = await cache.read('user', policy, load('unused'));
    expect(() => Object.assign(value.address, { city: 'elsewhere' })).toThrow(TypeError);
    expect(() => Object.assign(value, { name: 'elsewhere' })).toThrow(TypeError);
    expect((await cache.read('user', policy, load('unused'))).value).toEqual({ name: 'first', address: { city: 'Vilnius' } });
  });

  it('when the entry is invalidated, then the next read loads again', async () => {
    await cache.read('user', policy, load('first'));
    await cache.invalidate(['user']);
    expect(await cache.read('user', policy, load('again'))).toMatchObject({ result: 'miss', value: { name: 'again' } });
  });
});
