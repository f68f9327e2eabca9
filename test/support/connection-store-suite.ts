import { StoreConflictError, StoreNotFoundError, type ConnectionStore } from '../../src/connections/store/types';
import { capturedLogger } from './log-capture';
import { newConnection, type TestDatabase } from './stores';

/** The contract of a ConnectionStore, the same for every backend: each backend's test file runs it on a real database. */
export function describeConnectionStore(title: string, setUp: () => Promise<TestDatabase>): void {
  describe(title, () => {
    let database: TestDatabase;
    let store: ConnectionStore;

    beforeEach(async () => {
      database = await setUp();
      store = await database.open();
    });
    afterEach(() => database.dispose());

    it('when a connection is created, then it reads back with a new id, revision 1 and the next version', async () => {
      const input = newConnection();
      const before = await store.currentVersion();
      const created = await store.create(input);
      expect(created).toMatchObject({ ...input, revision: 1, deleted: false, credentialsRejectedAt: null, lastVerifiedAt: null, lastError: null });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.version).toBe(before + 1);
      expect(created.createdAt).toBe(created.updatedAt);
      expect(created.credentialsUpdatedAt).toBe(created.createdAt);
      expect(await store.get(input.tenant, input.name)).toEqual(created);
    });

    it('when a name is taken in the tenant, then creating it again is a conflict and changes nothing', async () => {
      const input = newConnection();
      const first = await store.create(input);
      await expect(store.create({ ...input, baseUrl: 'https://elsewhere.example' })).rejects.toBeInstanceOf(StoreConflictError);
      await expect(store.create(input)).rejects.toMatchObject({ code: 'store_conflict' });
      expect(await store.get(input.tenant, input.name)).toEqual(first);
      expect(await store.currentVersion()).toBe(first.version);
    });

    it('when two tenants use the same name, then each has its own connection', async () => {
      const ours = await store.create(newConnection({ tenant: 'acme', name: 'northpay' }));
      const theirs = await store.create(newConnection({ tenant: 'globex', name: 'northpay', baseUrl: 'https://globex.example' }));
      expect(ours.id).not.toBe(theirs.id);
      expect((await store.get('globex', 'northpay'))?.baseUrl).toBe('https://globex.example');
      expect((await store.get('acme', 'northpay'))?.baseUrl).toBe(ours.baseUrl);
    });

    it('when a connection does not exist, then get answers undefined', async () => {
      expect(await store.get('acme', 'nothing-here')).toBeUndefined();
    });

    it('when settings change, then the revision and the version go up and the record shows the change', async () => {
      const created = await store.create(newConnection());
      const updated = await store.update(created.tenant, created.name, { enabled: false, options: { region: 'EE' }, timeouts: { attemptMs: 2_000 } });
      expect(updated).toMatchObject({ id: created.id, enabled: false, options: { region: 'EE' }, timeouts: { attemptMs: 2_000 }, revision: 2 });
      expect(updated.version).toBeGreaterThan(created.version);
      expect(updated.createdAt).toBe(created.createdAt);
      expect(updated.credentialsUpdatedAt).toBe(created.credentialsUpdatedAt);
      expect(await store.get(created.tenant, created.name)).toEqual(updated);
    });

    it('when an update repeats the stored settings, then nothing is written (no new revision for the registry to reopen on)', async () => {
      const created = await store.create(newConnection({ options: { a: 1, b: { c: 2 } } }));
      const same = await store.update(created.tenant, created.name, { enabled: true, options: { b: { c: 2 }, a: 1 }, baseUrl: created.baseUrl });
      expect(same).toEqual(created);
      expect(await store.currentVersion()).toBe(created.version);
    });

    it('when credentials are replaced, then their time is set and an earlier rejection is cleared', async () => {
      const created = await store.create(newConnection());
      const rejectedAt = new Date().toISOString();
      await store.recordHealth(created.tenant, created.name, {
        credentialsRejectedAt: rejectedAt,
        lastError: { code: 'provider_error', status: 401, at: rejectedAt },
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const rotated = await store.update(created.tenant, created.name, {
        credentials: { sealedCredentials: 'v1.k1.new', credentialsFingerprint: 'new-print' },
      });
      expect(rotated).toMatchObject({
        sealedCredentials: 'v1.k1.new',
        credentialsFingerprint: 'new-print',
        credentialsRejectedAt: null,
        lastError: null,
        revision: 2,
      });
      expect(rotated.credentialsUpdatedAt > created.credentialsUpdatedAt).toBe(true);
    });

    it('when a connection that does not exist is updated, then it is not found', async () => {
      await expect(store.update('acme', 'nothing-here', { enabled: false })).rejects.toBeInstanceOf(StoreNotFoundError);
    });

    it('when health is recorded, then the version goes up but the revision does not', async () => {
      const created = await store.create(newConnection());
      const at = new Date().toISOString();
      await store.recordHealth(created.tenant, created.name, { credentialsRejectedAt: at, lastError: { code: 'provider_error', status: 403, at } });
      const rejected = await store.get(created.tenant, created.name);
      expect(rejected).toMatchObject({ revision: 1, credentialsRejectedAt: at, lastError: { code: 'provider_error', status: 403, at } });
      expect(rejected!.version).toBe(created.version + 1);
      await store.recordHealth(created.tenant, created.name, { credentialsRejectedAt: null, lastVerifiedAt: at });
      expect(await store.get(created.tenant, created.name)).toMatchObject({
        revision: 1,
        credentialsRejectedAt: null,
        lastVerifiedAt: at,
        version: created.version + 2,
      });
    });

    it('when health repeats what is stored, or is about a connection that is gone, then nothing is written', async () => {
      const created = await store.create(newConnection());
      const at = new Date().toISOString();
      await store.recordHealth(created.tenant, created.name, { credentialsRejectedAt: at });
      const version = await store.currentVersion();
      await store.recordHealth(created.tenant, created.name, { credentialsRejectedAt: at });
      await store.recordHealth('acme', 'nothing-here', { credentialsRejectedAt: at });
      expect(await store.currentVersion()).toBe(version);
    });

    it('when a connection is deleted, then it is gone from get and loadAll, and changesSince carries its tombstone without credentials', async () => {
      const kept = await store.create(newConnection());
      const doomed = await store.create(newConnection());
      expect(await store.delete(doomed.tenant, doomed.name)).toBe(true);
      expect(await store.get(doomed.tenant, doomed.name)).toBeUndefined();
      expect((await store.loadAll()).connections.map((record) => record.name)).toEqual([kept.name]);
      const { connections } = await store.changesSince(doomed.version);
      expect(connections).toEqual([expect.objectContaining({ name: doomed.name, id: doomed.id, deleted: true, sealedCredentials: '' })]);
      expect(connections[0]!.version).toBeGreaterThan(doomed.version);
    });

    it('when a connection that does not exist is deleted, then the answer is false and nothing is written', async () => {
      const created = await store.create(newConnection());
      await store.delete(created.tenant, created.name);
      const version = await store.currentVersion();
      expect(await store.delete(created.tenant, created.name)).toBe(false);
      expect(await store.delete('acme', 'never-was')).toBe(false);
      expect(await store.currentVersion()).toBe(version);
    });

    it('when a deleted name is created again, then it is a new connection (new id, revision 1, no old health)', async () => {
      const first = await store.create(newConnection());
      await store.recordHealth(first.tenant, first.name, { lastVerifiedAt: new Date().toISOString() });
      await store.delete(first.tenant, first.name);
      const again = await store.create(newConnection({ tenant: first.tenant, name: first.name }));
      expect(again.id).not.toBe(first.id);
      expect(again).toMatchObject({ revision: 1, deleted: false, lastVerifiedAt: null });
      expect(await store.get(first.tenant, first.name)).toEqual(again);
    });

    it('when a record is resealed with the blob it holds, then it takes the new one without a new revision; with any other, it is left alone', async () => {
      const created = await store.create(newConnection({ sealedCredentials: 'v1.k1.old' }));
      expect(await store.reseal(created.tenant, created.name, 'v1.k1.not-this-one', 'v1.k2.new')).toBe(false);
      expect((await store.get(created.tenant, created.name))?.sealedCredentials).toBe('v1.k1.old');
      expect(await store.currentVersion()).toBe(created.version);
      expect(await store.reseal(created.tenant, created.name, 'v1.k1.old', 'v1.k2.new')).toBe(true);
      const resealed = await store.get(created.tenant, created.name);
      expect(resealed).toMatchObject({ sealedCredentials: 'v1.k2.new', revision: 1, credentialsFingerprint: created.credentialsFingerprint });
      expect(resealed!.version).toBe(created.version + 1);
      expect(await store.reseal(created.tenant, created.name, 'v1.k1.old', 'v1.k2.again')).toBe(false);
    });

    it('when writes follow each other, then every one takes a higher version and changesSince lists them in order', async () => {
      const start = await store.currentVersion();
      const a = await store.create(newConnection());
      const b = await store.create(newConnection());
      const a2 = await store.update(a.tenant, a.name, { enabled: false });
      await store.recordHealth(b.tenant, b.name, { lastVerifiedAt: new Date().toISOString() });
      await store.delete(a.tenant, a.name);
      const changes = await store.changesSince(start);
      expect(changes.connections.map((record) => [record.name, record.version])).toEqual([
        [b.name, start + 4],
        [a.name, start + 5],
      ]);
      expect(changes.version).toBe(start + 5);
      expect(a2.version).toBe(start + 3);
      expect(await store.currentVersion()).toBe(start + 5);
      expect(await store.changesSince(start + 5)).toEqual({ connections: [], version: start + 5 });
    });

    it('when two instances create the same name at once, then exactly one succeeds and versions stay distinct', async () => {
      const other = await database.open();
      const input = newConnection();
      const results = await Promise.allSettled([store.create(input), other.create(input), store.create(newConnection()), other.create(newConnection())]);
      const [first, second] = results;
      expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected']);
      const versions = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.version] : []));
      expect(new Set(versions).size).toBe(3);
      expect((await store.loadAll()).connections).toHaveLength(3);
    });

    it('when the store is opened again, then migrations are not run twice and the data is still there', async () => {
      const created = await store.create(newConnection());
      const again = await database.open();
      expect(await again.get(created.tenant, created.name)).toEqual(created);
      const applied = await database.raw('SELECT version, name FROM usergate_migrations ORDER BY version');
      expect(applied.map((row) => Number(row.version))).toEqual([1]);
      expect(await again.currentVersion()).toBe(created.version);
    });

    it('when a tenant or name holds SQL metacharacters, then they are stored and read back as data', async () => {
      const tenant = "acme'; DROP TABLE usergate_connections; --";
      const name = 'x" OR 1=1; SELECT $1, ?, %s, \\ --';
      const created = await store.create(newConnection({ tenant, name, options: { note: "it's; DROP TABLE x" } }));
      expect(await store.get(tenant, name)).toEqual(created);
      expect(await store.get('acme', name)).toBeUndefined();
      expect(await store.get(tenant, "x' OR '1'='1")).toBeUndefined();
      expect((await store.update(tenant, name, { enabled: false })).enabled).toBe(false);
      expect(await store.reseal(tenant, name, created.sealedCredentials, 'v1.k2.x')).toBe(true);
      expect(await store.delete(tenant, name)).toBe(true);
      expect(await database.raw('SELECT count(*) AS count FROM usergate_connections')).toEqual([{ count: expect.anything() }]);
    });

    it('when a row does not validate (edited by hand), then it is left out, named in the log, and the others load', async () => {
      const { logger, lines } = capturedLogger();
      const logged = await database.open({ logger });
      const good = await logged.create(newConnection());
      const bad = await logged.create(newConnection());
      await database.raw("UPDATE usergate_connections SET adapter = '' WHERE name = $1", [bad.name]);
      const { connections } = await logged.loadAll();
      expect(connections.map((record) => record.name)).toEqual([good.name]);
      expect(await logged.get(bad.tenant, bad.name)).toBeUndefined();
      expect(lines()).toContainEqual(expect.objectContaining({ level: 'error', tenant: bad.tenant, name: bad.name, fields: ['adapter'] }));
      expect(JSON.stringify(lines())).not.toContain(bad.sealedCredentials);
    });

    it('when this store writes, then its change listeners are told', async () => {
      const told = jest.fn();
      const stop = store.onChange(told);
      await store.create(newConnection());
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(told).toHaveBeenCalled();
      stop();
    });

    it('when the database answers, then the store says it is available', () => {
      expect(store.isAvailable()).toBe(true);
    });
  });
}
