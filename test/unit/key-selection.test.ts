import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyRing, KeyRingError } from '../../src/secrets/key-ring';
import { SECRETS_KEYS_ENV, selectKeyRing } from '../../src/secrets/key-selection';

/** README "Two ways to run": which keys seal stored credentials, with each store. */
describe('the keys sealing stored credentials', () => {
  const sqliteIn = (directory: string) => ({ sqlite: { path: join(directory, 'usergate.db') } });

  it('when a PostgreSQL store has no USERGATE_SECRETS_KEYS, then it refuses, naming the variable', () => {
    const store = { postgres: { url: 'postgres://usergate@127.0.0.1:5432/usergate', poolSize: 10 } };
    expect(() => selectKeyRing(store, {})).toThrow(KeyRingError);
    expect(() => selectKeyRing(store, {})).toThrow(SECRETS_KEYS_ENV);
  });

  it('when the embedded SQLite store has no USERGATE_SECRETS_KEYS, then a key is generated next to the database', () => {
    const directory = mkdtempSync(join(tmpdir(), 'usergate-keys-'));
    selectKeyRing(sqliteIn(directory), {});
    expect(existsSync(join(directory, 'secrets.key'))).toBe(true);
  });

  it('when USERGATE_SECRETS_KEYS is set, then its first key seals and no key file is written', () => {
    const directory = mkdtempSync(join(tmpdir(), 'usergate-keys-'));
    const ring = selectKeyRing(sqliteIn(directory), { [SECRETS_KEYS_ENV]: `${KeyRing.generateEntry('k2')},${KeyRing.generateEntry('k1')}` });
    expect(ring.currentKeyId).toBe('k2');
    expect(existsSync(join(directory, 'secrets.key'))).toBe(false);
  });
});
