import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adapters } from '../../adapters';
import { ConfigError, parseConfig } from '../../src/config/load';
import { sealCredentials, unsealCredentials } from '../../src/connections/catalog';
import { openConnectionStore } from '../../src/connections/store/open';
import { StoreUnavailableError } from '../../src/connections/store/types';
import { openStoredConnections } from '../../src/connections/stored-connections';
import { KeyRing, KeyRingError } from '../../src/secrets/key-ring';
import { capturedLogger } from '../support/log-capture';
import { TEST_POSTGRES_URL } from '../support/postgres';
import { configuredConnection } from '../support/registry';
import { newConnection, postgresDatabase, sqliteDatabase } from '../support/stores';

const PASSWORD = 'hunter2-never-print-me';
let declared: Awaited<ReturnType<typeof configuredConnection>>;
beforeAll(async () => {
  declared = await configuredConnection(adapters[0]!);
});
const gatewayConfig = (store?: unknown) => ({
  auth: { jwt: { secret: 'startup-test-secret-startup-test-secret', audience: 'usergate', issuer: 'usergate' } },
  connections: { declared },
  ...(store === undefined ? {} : { store }),
});

function startupFailure(run: () => Promise<unknown>): Promise<Error> {
  return run().then(
    () => {
      throw new Error('expected the start-up to fail');
    },
    (error: unknown) => error as Error,
  );
}

describe('store config', () => {
  it('when none is given, then the store is the SQLite file ./data/usergate.db', () => {
    expect(parseConfig(gatewayConfig(), adapters, {}).store).toEqual({ sqlite: { path: './data/usergate.db' } });
  });

  it('when PostgreSQL is given, then its url is kept and the pool size defaults to 10', () => {
    const config = parseConfig(gatewayConfig({ postgres: { url: '${DATABASE_URL}' }, pollIntervalMs: 2000 }), adapters, { DATABASE_URL: TEST_POSTGRES_URL });
    expect(config.store).toEqual({ postgres: { url: TEST_POSTGRES_URL, poolSize: 10 }, pollIntervalMs: 2000 });
  });

  it('when the url is not a PostgreSQL one, or both backends are given, then the config is refused without repeating the url', () => {
    for (const store of [{ postgres: { url: `mysql://root:${PASSWORD}@db/usergate` } }, { sqlite: { path: 'x.db' }, postgres: { url: TEST_POSTGRES_URL } }]) {
      let error: unknown;
      try {
        parseConfig(gatewayConfig(store), adapters, {});
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toMatch(/store/);
      expect((error as Error).message).not.toContain(PASSWORD);
    }
  });

  it('when the schema is not a plain identifier, then the config is refused', () => {
    expect(() => parseConfig(gatewayConfig({ postgres: { url: TEST_POSTGRES_URL, schema: 'x; DROP' } }), adapters, {})).toThrow(/store\.postgres\.schema/);
  });
});

describe('opening the stored connections at start', () => {
  it('when SQLite has no USERGATE_SECRETS_KEYS, then a key file is generated next to the database (0600), said loudly, and used again next time', async () => {
    const database = await sqliteDatabase();
    const { logger, lines } = capturedLogger();
    const first = await openStoredConnections(database.config, { logger, env: {} });
    const keyFile = join(database.config.sqlite!.path, '..', 'secrets.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(lines()).toContainEqual(expect.objectContaining({ level: 'warn', keyFile, message: expect.stringContaining(keyFile) as string }));
    const stored = await first.store.create(
      newConnection({ tenant: 'acme', name: 'wallet', ...sealCredentials({ apiKey: 'k' }, 'acme', 'wallet', first.keyRing) }),
    );
    await first.close();

    const again = await openStoredConnections(database.config, { logger, env: {} });
    expect(unsealCredentials(again.catalog.get('acme', 'wallet')!, again.keyRing)).toEqual({ apiKey: 'k' });
    expect(stored.id).toBe(again.catalog.get('acme', 'wallet')?.id);
    await again.close();
    await database.dispose();
  });

  it('when USERGATE_SECRETS_KEYS is set, then it is used and no key file is written', async () => {
    const database = await sqliteDatabase();
    const entry = KeyRing.generateEntry('k7');
    const opened = await openStoredConnections(database.config, { logger: capturedLogger().logger, env: { USERGATE_SECRETS_KEYS: entry } });
    expect(opened.keyRing.currentKeyId).toBe('k7');
    expect(() => statSync(join(database.config.sqlite!.path, '..', 'secrets.key'))).toThrow();
    await opened.close();
    await database.dispose();
  });

  it('when PostgreSQL has no USERGATE_SECRETS_KEYS, then it refuses to start and says what to set', async () => {
    const error = await startupFailure(() =>
      openStoredConnections({ postgres: { url: TEST_POSTGRES_URL, poolSize: 2 } }, { logger: capturedLogger().logger, env: {} }),
    );
    expect(error).toBeInstanceOf(KeyRingError);
    expect(error.message).toContain('USERGATE_SECRETS_KEYS');
    expect(error.message).toContain('usergate secrets generate-key');
  });

  it('when USERGATE_SECRETS_KEYS is malformed, then it refuses to start without repeating it', async () => {
    const error = await startupFailure(() =>
      openStoredConnections({ sqlite: { path: ':memory:' } }, { logger: capturedLogger().logger, env: { USERGATE_SECRETS_KEYS: `k1:${PASSWORD}` } }),
    );
    expect(error).toBeInstanceOf(KeyRingError);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('when no PostgreSQL answers at the url, then it refuses to start, naming the server but never the password', async () => {
    const url = `postgres://postgres:${PASSWORD}@127.0.0.1:1/test`;
    const error = await startupFailure(() => openConnectionStore({ postgres: { url, poolSize: 2 } }));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toContain('postgres://postgres@127.0.0.1:1/test');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('when the database does not exist, then it refuses to start saying so, never with the password', async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.password = PASSWORD;
    url.pathname = '/no_such_database_here';
    const error = await startupFailure(() => openConnectionStore({ postgres: { url: url.toString(), poolSize: 2 } }));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toContain('no_such_database_here');
    expect(error.message).not.toContain(PASSWORD);
  });

  it('when the SQLite file cannot be created, then it refuses to start naming the path', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'usergate-store-'));
    writeFileSync(join(directory, 'not-a-directory'), '');
    const path = join(directory, 'not-a-directory', 'usergate.db');
    const error = await startupFailure(() => openConnectionStore({ sqlite: { path } }));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toContain(path);
  });

  it('when the store was migrated by a newer usergate, then it refuses to start rather than guess', async () => {
    for (const setUp of [sqliteDatabase, postgresDatabase]) {
      const database = await setUp();
      await database.open();
      await database.raw("INSERT INTO usergate_migrations (version, name, applied_at) VALUES (999, 'from the future', '2099-01-01T00:00:00Z')");
      const error = await startupFailure(() => database.open());
      expect(error.message).toMatch(/schema version 999, newer than this usergate knows \(1\)/);
      await database.dispose();
    }
  });

  it('when some stored credentials no configured key opens, then the gateway still opens and names those connections in its log', async () => {
    const database = await postgresDatabase();
    const store = await database.open();
    const lostRing = KeyRing.parse(KeyRing.generateEntry('k0'));
    await store.create(newConnection({ tenant: 'acme', name: 'old', ...sealCredentials({ apiKey: 'x' }, 'acme', 'old', lostRing) }));
    const { logger, lines } = capturedLogger();
    const opened = await openStoredConnections(database.config, { logger, env: { USERGATE_SECRETS_KEYS: KeyRing.generateEntry('k1') } });
    expect(lines()).toContainEqual(expect.objectContaining({ level: 'error', count: 1, connections: ['acme/old'] }));
    expect(opened.catalog.get('acme', 'old')).toBeDefined();
    await opened.close();
    await database.dispose();
  });
});
