import { ConnectionCatalog } from '../../src/connections/catalog';
import type { ConnectionStore, StoredConnection } from '../../src/connections/store/types';
import { TEST_POSTGRES_URL } from '../support/postgres';
import { BACKENDS, eventually, newConnection, postgresDatabase, sqliteDatabase, type TestDatabase } from '../support/stores';
import { TcpProxy } from '../support/tcp-proxy';

type Change = [StoredConnection | undefined, StoredConnection | undefined];

/** Every `changed` event of a catalog, in order. */
function recordChanges(catalog: ConnectionCatalog): Change[] {
  const changes: Change[] = [];
  catalog.on('changed', (previous, current) => changes.push([previous, current]));
  return changes;
}

const catalogs: ConnectionCatalog[] = [];
async function openCatalog(store: ConnectionStore, pollIntervalMs?: number): Promise<ConnectionCatalog> {
  const catalog = await ConnectionCatalog.open(store, { pollIntervalMs });
  catalogs.push(catalog);
  return catalog;
}
afterEach(() => Promise.all(catalogs.splice(0).map((catalog) => catalog.close())));

describe.each(BACKENDS)('the connection catalog over %s', (kind, setUp) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await setUp();
  });
  afterEach(() => database.dispose());

  it('when it opens, then it holds every live connection, answering get and list without waiting', async () => {
    const store = await database.open();
    const a = await store.create(newConnection({ tenant: 'acme', name: 'b-wallet' }));
    const b = await store.create(newConnection({ tenant: 'acme', name: 'a-wallet' }));
    const gone = await store.create(newConnection({ tenant: 'globex' }));
    await store.delete(gone.tenant, gone.name);
    const catalog = await openCatalog(store);
    expect(catalog.get('acme', 'b-wallet')).toEqual(a);
    expect(Object.isFrozen(catalog.get('acme', 'b-wallet'))).toBe(true);
    expect(Object.isFrozen(catalog.get('acme', 'b-wallet')?.options)).toBe(true);
    expect(catalog.list('acme')).toEqual([b, a]);
    expect(catalog.list('globex')).toEqual([]);
    expect(catalog.get('globex', gone.name)).toBeUndefined();
    expect(catalog.version).toBe(await store.currentVersion());
    expect(catalog.size).toBe(2);
  });

  it('when another instance creates, changes and deletes a connection, then this one sees each within 1 s', async () => {
    const ours = await database.open();
    const theirs = await database.open();
    // On PostgreSQL the version check is put out of reach: only NOTIFY can deliver in time.
    const catalog = await openCatalog(ours, kind === 'PostgreSQL' ? 60_000 : undefined);
    const changes = recordChanges(catalog);

    const created = await theirs.create(newConnection());
    await eventually(() => catalog.get(created.tenant, created.name) !== undefined, 1_000, 'the creation');
    const updated = await theirs.update(created.tenant, created.name, { enabled: false });
    await eventually(() => catalog.get(created.tenant, created.name)?.enabled === false, 1_000, 'the update');
    await theirs.delete(created.tenant, created.name);
    await eventually(() => catalog.get(created.tenant, created.name) === undefined, 1_000, 'the deletion');

    expect(changes).toEqual([
      [undefined, created],
      [created, updated],
      [updated, undefined],
    ]);
  });

  it('when two instances write many changes at once, then a catalog following them misses none', async () => {
    const [first, second, follower] = [await database.open(), await database.open(), await database.open()];
    const catalog = await openCatalog(follower, 100);
    const writes = Array.from({ length: 40 }, (_, index) => (index % 2 ? first : second).create(newConnection({ tenant: `tenant-${index % 4}` })));
    const created = await Promise.all(writes);
    await Promise.all(created.slice(0, 10).map((record, index) => (index % 2 ? second : first).delete(record.tenant, record.name)));
    const expected = (await follower.loadAll()).connections;
    await eventually(() => catalog.size === expected.length && catalog.version === created.length + 10, 2_000, 'every change');
    expect(catalog.all().sort((a, b) => a.version - b.version)).toEqual(expected.sort((a, b) => a.version - b.version));
  });

  it('when refreshes are asked for while one runs, then they share one more pass', async () => {
    const store = await database.open();
    const catalog = await openCatalog(store, 60_000);
    const passes = jest.spyOn(store, 'changesSince');
    await Promise.all(Array.from({ length: 10 }, () => catalog.refresh()));
    expect(passes.mock.calls.length).toBeLessThanOrEqual(2);
    const created = await store.create(newConnection());
    await catalog.refresh();
    expect(catalog.get(created.tenant, created.name)).toEqual(created);
  });

  it('when this instance writes, then its catalog knows at once, without waiting for the version check', async () => {
    const store = await database.open();
    const catalog = await openCatalog(store, 60_000);
    const created = await store.create(newConnection());
    await eventually(() => catalog.get(created.tenant, created.name) !== undefined, 500, 'its own write');
  });

  it('when only health changes, then a change is announced with the same revision', async () => {
    const store = await database.open();
    const created = await store.create(newConnection());
    const catalog = await openCatalog(store);
    const changes = recordChanges(catalog);
    await store.recordHealth(created.tenant, created.name, { credentialsRejectedAt: new Date().toISOString() });
    await eventually(() => changes.length === 1, 1_000, 'the health change');
    const [previous, current] = changes[0]!;
    expect(previous?.revision).toBe(current?.revision);
    expect(current?.credentialsRejectedAt).not.toBeNull();
  });

  it('when a listener of changes throws, then the catalog keeps in step all the same', async () => {
    const store = await database.open();
    const catalog = await openCatalog(store);
    catalog.on('changed', () => {
      throw new Error('a broken listener');
    });
    const first = await store.create(newConnection());
    const second = await store.create(newConnection());
    await eventually(() => catalog.get(second.tenant, second.name) !== undefined && catalog.get(first.tenant, first.name) !== undefined, 1_000, 'both');
  });

  it('when the store went back in version (restored from a backup), then the catalog reloads and announces what differs', async () => {
    const store = await database.open();
    const kept = await store.create(newConnection());
    const lost = await store.create(newConnection());
    const catalog = await openCatalog(store, 100);
    const changes = recordChanges(catalog);
    // What a restore of the state before `lost` was created looks like.
    await database.raw('DELETE FROM usergate_connections WHERE name = $1', [lost.name]);
    await database.raw('UPDATE usergate_store_version SET version = $1', [kept.version]);
    await eventually(() => catalog.get(lost.tenant, lost.name) === undefined, 1_000, 'the reload');
    expect(changes).toEqual([[lost, undefined]]);
    expect(catalog.get(kept.tenant, kept.name)).toEqual(kept);
    expect(catalog.version).toBe(kept.version);
  });
});

describe('the connection catalog over PostgreSQL, when NOTIFY fails it', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await postgresDatabase();
  });
  afterEach(() => database.dispose());

  it('when a change is committed without a notification (a writer that crashed between store and notify), then the version check still catches it', async () => {
    const store = await database.open();
    const created = await store.create(newConnection());
    const catalog = await openCatalog(store, 300);
    // One statement, as the store writes (the counter and the row in one transaction): two would let a
    // version check land between them and see a version with no row at it yet.
    await database.raw(
      `WITH bumped AS (UPDATE usergate_store_version SET version = version + 1 RETURNING version)
       UPDATE usergate_connections SET enabled = FALSE, revision = revision + 1, version = (SELECT version FROM bumped)
       WHERE tenant = $1 AND name = $2`,
      [created.tenant, created.name],
    );
    // One or two 300 ms version checks; the slack is a loaded CI machine's.
    await eventually(() => catalog.get(created.tenant, created.name)?.enabled === false, 3_000, 'the silent change');
  });

  it('when the database goes away, then the catalog serves what it has and says unavailable; when it is back, it catches up', async () => {
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(TEST_POSTGRES_URL).port || 5432) });
    try {
      const url = new URL(TEST_POSTGRES_URL);
      url.port = String(proxy.port);
      const store = await database.open({ url: url.toString() });
      const direct = await database.open();
      const kept = await store.create(newConnection());
      const catalog = await openCatalog(store, 200);
      expect(catalog.isAvailable()).toBe(true);

      await proxy.cut();
      await eventually(() => !catalog.isAvailable(), 2_000, 'unavailable');
      expect(catalog.get(kept.tenant, kept.name)).toEqual(kept);
      await expect(store.create(newConnection())).rejects.toMatchObject({ code: 'store_unavailable' });
      const meanwhile = await direct.create(newConnection());
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(catalog.get(kept.tenant, kept.name)).toEqual(kept);

      await proxy.restore();
      await eventually(() => catalog.isAvailable() && catalog.get(meanwhile.tenant, meanwhile.name) !== undefined, 10_000, 'recovered and caught up');
    } finally {
      await proxy.close();
    }
  });
});

describe('the connection catalog over SQLite, between processes', () => {
  it('when another process holds the write lock, then reading (the catalog, the version check) does not wait for it (WAL)', async () => {
    const database = await sqliteDatabase();
    try {
      const store = await database.open();
      await store.create(newConnection());
      await database.raw('BEGIN IMMEDIATE');
      await database.raw('UPDATE usergate_store_version SET version = version + 1');
      const started = Date.now();
      const catalog = await openCatalog(store);
      expect(catalog.size).toBe(1);
      expect(await store.currentVersion()).toBe(1);
      expect(Date.now() - started).toBeLessThan(1_000);
      await database.raw('ROLLBACK');
    } finally {
      await database.dispose();
    }
  });

  it('when another process writes the file, then the version check (every 500 ms by default) brings it within 1 s', async () => {
    const database = await sqliteDatabase();
    try {
      const catalog = await openCatalog(await database.open());
      const now = new Date().toISOString();
      // A writer this process's stores know nothing of.
      await database.raw('UPDATE usergate_store_version SET version = version + 1');
      await database.raw(
        `INSERT INTO usergate_connections (tenant, name, id, adapter, base_url, options, timeouts, enabled, sealed_credentials, credentials_fingerprint,
           credentials_updated_at, revision, created_at, updated_at, version, deleted)
         VALUES ('acme', 'elsewhere', 'id-1', 'northpay', 'https://x.example', '{}', '{}', 1, 'v1.k1.x', 'fp', $1, 1, $1, $1, (SELECT version FROM usergate_store_version), 0)`,
        [now],
      );
      const took = await eventually(() => catalog.get('acme', 'elsewhere') !== undefined, 1_000, 'the other process');
      expect(took).toBeLessThan(1_000);
    } finally {
      await database.dispose();
    }
  });
});
