import { createLogger } from '../../src/logging/logger';
import { KeyRing } from '../../src/secrets/key-ring';
import { MemoryStore } from '../../src/storage/store';
import { IdempotencyKeys } from '../../src/users/idempotency';

/**
 * What a repeat is compared with: a keyed hash (HMAC under the gateway's key) of the whole request,
 * secrets included, so a stored record tells nothing of a password without the key.
 */
describe('idempotency fingerprints', () => {
  const request = { connection: 'acme', user: { email: 'a@example.com' }, password: 'secretPassword22' };
  const created = () => Promise.resolve({ status: 201, body: { id: 'acme:1' } });
  const logger = createLogger({ level: 'error' });
  const ring = () => KeyRing.parse(KeyRing.generateEntry('k1'));

  it('when a record is stored, then it holds neither the password nor the same fingerprint under another key', async () => {
    const [first, second] = [new WrittenStore(), new WrittenStore()];
    await new IdempotencyKeys(first, ring(), 10_000, logger).run('client', 'key', request, created);
    await new IdempotencyKeys(second, ring(), 10_000, logger).run('client', 'key', request, created);
    const fingerprints = [first, second].map((store) => store.written.map((value) => (JSON.parse(value) as { fingerprint: string }).fingerprint));
    expect([...first.written, ...second.written].join()).not.toContain(request.password);
    expect(new Set(fingerprints[0]).size).toBe(1);
    expect(fingerprints[0]).not.toContain(fingerprints[1]![0]);
  });

  it('when instances share the store and the key, then a repeat at the other is replayed', async () => {
    const store = new MemoryStore();
    const keys = ring();
    await new IdempotencyKeys(store, keys, 10_000, logger).run('client', 'key', request, created);
    await expect(new IdempotencyKeys(store, keys, 10_000, logger).run('client', 'key', request, created)).resolves.toMatchObject({ replayed: true });
  });

  it('when instances share the store but not the key (USERGATE_SECRETS_KEYS differs), then a repeat at the other is refused as another request', async () => {
    const store = new MemoryStore();
    await new IdempotencyKeys(store, ring(), 10_000, logger).run('client', 'key', request, created);
    await expect(new IdempotencyKeys(store, ring(), 10_000, logger).run('client', 'key', request, created)).rejects.toMatchObject({ status: 422 });
  });
});

/** The real in-memory store, remembering every value written to it. */
class WrittenStore extends MemoryStore {
  readonly written: string[] = [];

  override set(key: string, value: string, ttlMs: number): Promise<void> {
    this.written.push(value);
    return super.set(key, value, ttlMs);
  }

  override setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    this.written.push(value);
    return super.setIfAbsent(key, value, ttlMs);
  }
}
