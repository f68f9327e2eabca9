import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreConfig } from '../../src/config/schema';
import { sealCredentials, unsealCredentials } from '../../src/connections/catalog';
import type { ResealReport } from '../../src/connections/reseal-credentials';
import { KeyRing } from '../../src/secrets/key-ring';
import { adapters } from '../../adapters';
import { runCli } from '../support/cli-process';
import { configuredConnection } from '../support/registry';
import { newConnection, postgresDatabase, sqliteDatabase, type TestDatabase } from '../support/stores';

const k0 = KeyRing.generateEntry('k0');
const k1 = KeyRing.generateEntry('k1');
const k2 = KeyRing.generateEntry('k2');
const SECRET = 'api-key-that-must-never-be-printed';

let declared: Awaited<ReturnType<typeof configuredConnection>>;
beforeAll(async () => {
  declared = await configuredConnection(adapters[0]!);
});

/** A gateway config file whose store is `database`. */
function configFile(database: TestDatabase): string {
  const file = join(mkdtempSync(join(tmpdir(), 'usergate-secrets-')), 'usergate.json');
  const store: StoreConfig = database.config;
  writeFileSync(
    file,
    JSON.stringify({
      auth: { jwt: { secret: 'secrets-cli-test-secret-secrets-cli-test', audience: 'usergate', issuer: 'usergate' } },
      connections: { declared },
      store,
    }),
  );
  return file;
}

async function seal(database: TestDatabase, ring: KeyRing, tenant: string, name: string): Promise<void> {
  const store = await database.open();
  await store.create(newConnection({ tenant, name, ...sealCredentials({ apiKey: SECRET }, tenant, name, ring) }));
}

describe('usergate secrets generate-key', () => {
  it('when asked for a key, then it prints one entry USERGATE_SECRETS_KEYS accepts, named by today by default', async () => {
    const result = await runCli(['secrets', 'generate-key']);
    expect(result.status).toBe(0);
    const ring = KeyRing.parse(result.stdout.trim());
    expect(ring.currentKeyId).toMatch(/^k\d{8}$/);
  });

  it('when given an id, then the entry carries it', async () => {
    const result = await runCli(['secrets', 'generate-key', 'k2']);
    expect(KeyRing.parse(result.stdout.trim()).keyIds).toEqual(['k2']);
  });

  it('when the id is not a key id, then it exits 2 and says what one is', async () => {
    const result = await runCli(['secrets', 'generate-key', 'not an id']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('letters, digits, - or _');
  });
});

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
])('usergate secrets rotate on %s', (_kind, setUp) => {
  let database: TestDatabase;
  let config: string;
  beforeEach(async () => {
    database = await setUp();
    config = configFile(database);
  });
  afterEach(() => database.dispose());

  it('when records are under k1 and the keys are k2,k1, then it reseals them all under k2, prints counts and never a secret', async () => {
    await seal(database, KeyRing.parse(k1), 'acme', 'wallet');
    await seal(database, KeyRing.parse(k1), 'globex', 'wallet');
    const result = await runCli(['secrets', 'rotate', '--config', config], { USERGATE_SECRETS_KEYS: `${k2},${k1}` });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Resealed under key k2: 2');
    expect(result.stdout).toContain('Already under key k2: 0');
    for (const secret of [SECRET, k1.split(':')[1]!, k2.split(':')[1]!]) expect(result.stdout + result.stderr).not.toContain(secret);
    const store = await database.open();
    expect(unsealCredentials((await store.get('acme', 'wallet'))!, KeyRing.parse(k2))).toEqual({ apiKey: SECRET });
  });

  it('when a record no configured key opens remains, then it exits 1 and names it in the JSON report', async () => {
    await seal(database, KeyRing.parse(k1), 'acme', 'wallet');
    await seal(database, KeyRing.parse(k0), 'acme', 'forgotten');
    const result = await runCli(['secrets', 'rotate', '--json'], { USERGATE_CONFIG: config, USERGATE_SECRETS_KEYS: `${k2},${k1}` });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout) as ResealReport).toEqual({
      keyId: 'k2',
      resealed: 1,
      alreadyCurrent: 0,
      unreadable: [{ tenant: 'acme', name: 'forgotten', keyId: 'k0' }],
      gone: 0,
    });
  });
});

describe('usergate secrets rotate, refusing', () => {
  it('when there is no store at the configured path, then it exits 2 and creates nothing', async () => {
    const database = await sqliteDatabase();
    const result = await runCli(['secrets', 'rotate', '--config', configFile(database)], { USERGATE_SECRETS_KEYS: k1 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('There is no store at');
    expect(existsSync(database.config.sqlite!.path)).toBe(false);
    await database.dispose();
  });

  it('when a SQLite store has neither USERGATE_SECRETS_KEYS nor a key file, then it exits 2 rather than make up a key', async () => {
    const database = await sqliteDatabase();
    await database.open();
    const result = await runCli(['secrets', 'rotate', '--config', configFile(database)]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no key file');
    await database.dispose();
  });
});
