import type { RunningSimulator } from '../../src/connections/adapter';
import { openStoredConnections, type StoredConnections } from '../../src/connections/stored-connections';
import { KeyRing } from '../../src/secrets/key-ring';
import { startHarness, type Harness } from '../support/harness';
import { capturedLogger } from '../support/log-capture';
import { TEST_POSTGRES_URL } from '../support/postgres';
import { adapterWith } from '../support/registry';
import { eventually, postgresDatabase, type TestDatabase } from '../support/stores';
import { TcpProxy } from '../support/tcp-proxy';
import { addStoredConnection } from './stored';

const adapter = adapterWith();
const person = adapter.demo.personId;

describe('/readyz and the connection store', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let stored: StoredConnections;
  let harness: Harness;
  let simulator: RunningSimulator;
  beforeAll(async () => {
    database = await postgresDatabase();
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(TEST_POSTGRES_URL).port || 5432) });
    const url = new URL(TEST_POSTGRES_URL);
    url.port = String(proxy.port);
    stored = await openStoredConnections(
      { postgres: { ...database.config.postgres!, url: url.toString() }, pollIntervalMs: 200 },
      { logger: capturedLogger().logger, env: { USERGATE_SECRETS_KEYS: KeyRing.generateEntry('k1') } },
    );
    simulator = await adapter.startSimulator();
    harness = await startHarness({ store: stored, connections: [{ adapter }] });
    for (const name of ['opened', 'not-yet']) await addStoredConnection(stored, { tenant: 'acme', name, adapter, simulator });
  });
  afterAll(async () => {
    await harness.close();
    await stored.close();
    await proxy.close();
    await simulator.close();
    await database.dispose();
  });

  const ready = () => harness.http.get('/readyz');
  const read = (connection: string) =>
    harness.http.get(`/v1/users/${connection}:${person}`).set('Authorization', harness.bearer(['users:read'], { tenant: 'acme' }));

  it('when the store answers, then readiness says ok', async () => {
    const response = await ready();
    expect(response.status).toBe(200);
    expect(response.body.checks.store).toBe('ok');
    expect((await read('opened')).status).toBe(200);
  });

  it('when the store stops answering, then the instance stays ready with the store degraded, and stored connections keep serving', async () => {
    await proxy.cut();
    try {
      await eventually(() => !stored.catalog.isAvailable(), 5_000, 'the store seen as down');
      const response = await ready();
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'ready', checks: { store: 'degraded' } });
      expect((await read('opened')).status).toBe(200);
      // Not opened before the store went away: the catalog holds its settings, so it opens without the store.
      expect((await read('not-yet')).status).toBe(200);
    } finally {
      await proxy.restore();
    }
  });

  it('when the store answers again, then readiness says ok again', async () => {
    await eventually(() => stored.catalog.isAvailable(), 10_000, 'the store back');
    expect((await ready()).body.checks.store).toBe('ok');
  });
});

describe('/readyz without a connection store', () => {
  it('when the gateway has none, then readiness says not-configured', async () => {
    const harness = await startHarness({ connections: [{ adapter }] });
    try {
      expect((await harness.http.get('/readyz')).body.checks.store).toBe('not-configured');
    } finally {
      await harness.close();
    }
  });
});
