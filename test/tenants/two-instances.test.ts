import type { RunningSimulator } from '../../src/connections/adapter';
import { openStoredConnections, type StoredConnections } from '../../src/connections/stored-connections';
import { KeyRing } from '../../src/secrets/key-ring';
import { startHarness, type Harness } from '../support/harness';
import { capturedLogger } from '../support/log-capture';
import { adapterWith } from '../support/registry';
import { postgresDatabase, type TestDatabase } from '../support/stores';
import { CredentialFront } from './credential-front';
import { addStoredConnection, changeStoredConnection, removeStoredConnection } from './stored';

/**
 * Two gateways, each with a PostgreSQL store object of its own on one database (a schema of this
 * test's), as two instances behind a load balancer. Changes are written through the store of the
 * first and never announced to the second by the test: it learns of them as it would in production.
 */
const adapter = adapterWith();
const person = adapter.demo.personId;
const PROPAGATION_MS = 1_000;

let database: TestDatabase;
let before: RunningSimulator;
let after: RunningSimulator;
let front: CredentialFront;
const instances: { stored: StoredConnections; harness: Harness; storeLog: ReturnType<typeof capturedLogger> }[] = [];
beforeAll(async () => {
  database = await postgresDatabase();
  [before, after] = await Promise.all([adapter.startSimulator(), adapter.startSimulator()]);
  front = await CredentialFront.start(before, after);
  const keys = KeyRing.generateEntry('shared');
  for (let index = 0; index < 2; index += 1) {
    const storeLog = capturedLogger();
    const stored = await openStoredConnections(database.config, { logger: storeLog.logger, env: { USERGATE_SECRETS_KEYS: keys } });
    instances.push({ stored, storeLog, harness: await startHarness({ store: stored, connections: [{ adapter, simulator: before }] }) });
  }
});
afterAll(async () => {
  for (const { harness, stored } of instances) {
    await harness.close();
    await stored.close();
  }
  await front.close();
  await Promise.all([before.close(), after.close()]);
  await database.dispose();
});
beforeEach(() => {
  front.accepting = 'old';
});

const [first, second] = [() => instances[0]!, () => instances[1]!];
const read = (harness: Harness, connection: string) =>
  harness.http.get(`/v1/users/${connection}:${person}`).set('Authorization', harness.bearer(['users:read'], { tenant: 'acme' }));

/** Milliseconds until the second instance answers `status` for the connection (reads every 20 ms); fails past `withinMs`. */
function untilSecondAnswers(connection: string, status: number, withinMs = 5_000): Promise<number> {
  return untilAnswers(second().harness, connection, status, withinMs);
}

async function untilAnswers(harness: Harness, connection: string, status: number, withinMs = 5_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if ((await read(harness, connection)).status === status) return Date.now() - started;
    if (Date.now() - started > withinMs)
      throw new Error(`instance ${instances.findIndex((one) => one.harness === harness)} never answered ${status} for ${connection}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a change on one instance', () => {
  it('when a connection is created on the first, then the second uses it within 1 s', async () => {
    expect((await read(second().harness, 'shop')).status).toBe(400);
    await addStoredConnection(first().stored, { tenant: 'acme', name: 'shop', adapter, simulator: before }, false);
    expect(await untilSecondAnswers('shop', 200)).toBeLessThan(PROPAGATION_MS);
  });

  it('when its credentials are rotated on the first (the old ones refused from then on), then the second uses the new ones within 1 s', async () => {
    await addStoredConnection(first().stored, { tenant: 'acme', name: 'rotated', adapter, simulator: before }, false);
    await untilSecondAnswers('rotated', 200);
    await changeStoredConnection(first().stored, 'acme', 'rotated', { baseUrl: front.baseUrl }, false);
    await untilSecondAnswers('rotated', 200);
    front.accepting = 'new';
    await changeStoredConnection(first().stored, 'acme', 'rotated', { credentials: after.credentials }, false);
    expect(await untilSecondAnswers('rotated', 200)).toBeLessThan(PROPAGATION_MS);
  });

  it('when it is disabled on the first, then the second refuses it (503) within 1 s, and serves it again within 1 s of being enabled', async () => {
    await addStoredConnection(first().stored, { tenant: 'acme', name: 'paused', adapter, simulator: before }, false);
    await untilSecondAnswers('paused', 200);
    await changeStoredConnection(first().stored, 'acme', 'paused', { enabled: false }, false);
    expect(await untilSecondAnswers('paused', 503)).toBeLessThan(PROPAGATION_MS);
    await changeStoredConnection(first().stored, 'acme', 'paused', { enabled: true }, false);
    expect(await untilSecondAnswers('paused', 200)).toBeLessThan(PROPAGATION_MS);
  });

  it('when it is deleted on the first, then to the second it does not exist within 1 s', async () => {
    await addStoredConnection(first().stored, { tenant: 'acme', name: 'gone', adapter, simulator: before }, false);
    await untilSecondAnswers('gone', 200);
    await removeStoredConnection(first().stored, 'acme', 'gone', false);
    expect(await untilSecondAnswers('gone', 400)).toBeLessThan(PROPAGATION_MS);
  });
});

describe('a rotation under load', () => {
  it('when credentials are rotated while both instances read without pause, then no request fails, and the new ones are in use once the old are refused', async () => {
    await addStoredConnection(first().stored, { tenant: 'acme', name: 'busy', adapter, simulator: before }, false);
    await changeStoredConnection(first().stored, 'acme', 'busy', { baseUrl: front.baseUrl }, false);
    // Each instance learns of the new connection on its own (the first too: the write went to the store,
    // not to its catalog): the readers start once both know it, so only the rotation is under test.
    await Promise.all(instances.map(({ harness }) => untilAnswers(harness, 'busy', 200)));

    const statuses: number[] = [];
    // What any answer other than a 200 said, and from which instance: the evidence should this ever fail.
    const refused: { instance: number; status: number; body: string }[] = [];
    let reading = true;
    const reader = async (harness: Harness) => {
      while (reading) {
        const answer = await read(harness, 'busy');
        statuses.push(answer.status);
        if (answer.status !== 200) refused.push({ instance: instances.findIndex((one) => one.harness === harness), status: answer.status, body: answer.text });
      }
    };
    const readers = instances.flatMap(({ harness }) => [reader(harness), reader(harness), reader(harness)]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The provider takes the new key alongside the old; the gateway is told; then the old key is revoked.
    front.accepting = 'both';
    await changeStoredConnection(first().stored, 'acme', 'busy', { credentials: after.credentials }, false);
    await new Promise((resolve) => setTimeout(resolve, 2 * PROPAGATION_MS));
    front.accepting = 'new';
    const revokedAt = statuses.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    reading = false;
    await Promise.all(readers);

    expect(statuses.length - revokedAt).toBeGreaterThan(10);
    // With what the instances' stores said meanwhile (the catalog's warnings), should this ever fail.
    const storeWarnings = instances.map(({ storeLog }) => storeLog.lines().filter((line) => line.level !== 'debug' && line.level !== 'info'));
    expect({ refused, storeWarnings: refused.length > 0 ? storeWarnings : [] }).toEqual({ refused: [], storeWarnings: [] });
  });
});
