import type { RunningSimulator } from '../../src/connections/adapter';
import { sealCredentials } from '../../src/connections/credentials';
import { KeyRing } from '../../src/secrets/key-ring';
import { startHarness, type Harness } from '../support/harness';
import { adapters } from '../../adapters';
import { adapterWith } from '../support/registry';
import { addStoredConnection, changeStoredConnection, removeStoredConnection } from './stored';

const adapter = adapterWith({ lookup: 'email' });
const person = adapter.demo.personId;
const email = 'egle.jankauskiene@example.com';

let harness: Harness;
let simulator: RunningSimulator;
let other: RunningSimulator;
beforeAll(async () => {
  [simulator, other] = await Promise.all([adapter.startSimulator(), adapter.startSimulator()]);
  harness = await startHarness({ store: true, connections: [{ adapter }] });
});
afterAll(async () => {
  await harness.close();
  await Promise.all([simulator.close(), other.close()]);
});
beforeEach(() => {
  simulator.requests.length = 0;
  other.requests.length = 0;
});

const stored = () => harness.stored!;
const acme = (scopes: Parameters<Harness['bearer']>[0] = ['users:read']) => harness.bearer(scopes, { tenant: 'acme' });
/** The parts of a problem that a client reads, without the request id. */
const problemOf = (body: Record<string, unknown>) => ({ status: body.status, code: body.code, detail: body.detail });

describe('a tenant and its stored connections', () => {
  beforeAll(async () => {
    await addStoredConnection(stored(), { tenant: 'acme', name: 'wallet', adapter, simulator });
  });

  it('when a tenant token reads a user at its stored connection, then the connection is opened on that first use and the read reaches its provider', async () => {
    const openBefore = harness.gateway.registry.openStored;
    const response = await harness.http.get(`/v1/users/wallet:${person}`).set('Authorization', acme());
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(`wallet:${person}`);
    expect(harness.gateway.registry.openStored).toBe(openBefore + 1);
    expect(simulator.requests.length).toBeGreaterThan(0);
  });

  it('when another tenant names that connection, then the answer is exactly the one for a connection that does not exist, and nothing is called', async () => {
    const globex = harness.bearer(['users:read'], { tenant: 'globex' });
    const theirs = await harness.http.get(`/v1/users/wallet:${person}`).set('Authorization', globex);
    const none = await harness.http.get(`/v1/users/nothing:${person}`).set('Authorization', globex);
    expect(theirs.status).toBe(400);
    expect(problemOf(theirs.body)).toEqual(problemOf(none.body));
    expect(simulator.requests).toHaveLength(0);
  });

  it("when the default tenant lists or searches, then it sees the declared connections and not a tenant's", async () => {
    const listed = await harness.http.get('/v1/connections').set('Authorization', harness.bearer(['users:read']));
    expect(listed.body.data.map((connection: { name: string }) => connection.name)).toEqual([adapter.name]);
    const found = await harness.http
      .get('/v1/users')
      .query({ email })
      .set('Authorization', harness.bearer(['users:read']));
    expect(Object.keys(found.body.connections)).toEqual([adapter.name]);
  });

  it('when the tenant searches, then the fan-out reaches its own connections only', async () => {
    const found = await harness.http.get('/v1/users').query({ email }).set('Authorization', acme());
    expect(found.status).toBe(200);
    expect(Object.keys(found.body.connections)).toEqual(['wallet']);
    expect(found.body.connections.wallet.status).toBe('ok');
  });
});

describe('a stored connection that cannot be used', () => {
  it('when no configured key opens its credentials (unreadable), then calls answer 503 provider_unavailable and the provider is never called', async () => {
    const elsewhere = KeyRing.parse(KeyRing.generateEntry('lost'));
    await stored().store.create({
      tenant: 'acme',
      name: 'sealed-elsewhere',
      adapter: adapter.name,
      baseUrl: simulator.baseUrl,
      options: simulator.options,
      timeouts: {},
      enabled: true,
      ...sealCredentials(simulator.credentials, 'acme', 'sealed-elsewhere', elsewhere),
    });
    await stored().catalog.refresh();
    const response = await harness.http.get(`/v1/users/sealed-elsewhere:${person}`).set('Authorization', acme());
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('provider_unavailable');
    const found = await harness.http.get('/v1/users').query({ email, connections: 'sealed-elsewhere' }).set('Authorization', acme());
    expect(found.body.connections['sealed-elsewhere']).toMatchObject({ status: 'error', error: { code: 'provider_unavailable', status: 503 } });
    expect(simulator.requests).toHaveLength(0);
  });

  it('when it is disabled, then a call naming it answers 503, a fan-out leaves it out unless named, and the provider is never called', async () => {
    // At an account of its own, so that the other connections' calls are not counted.
    await addStoredConnection(stored(), { tenant: 'acme', name: 'paused', adapter, simulator: other, enabled: false });
    const direct = await harness.http.get(`/v1/users/paused:${person}`).set('Authorization', acme());
    expect(direct.status).toBe(503);
    expect(direct.body).toMatchObject({ code: 'provider_unavailable', detail: 'This connection is disabled.' });
    const fanOut = await harness.http.get('/v1/users').query({ email }).set('Authorization', acme());
    expect(fanOut.body.connections.paused).toBeUndefined();
    const named = await harness.http.get('/v1/users').query({ email, connections: 'paused' }).set('Authorization', acme());
    expect(named.body.connections.paused).toMatchObject({ status: 'error', error: { code: 'provider_unavailable', status: 503 } });
    expect(other.requests).toHaveLength(0);
  });

  it('when it is enabled again, then it answers', async () => {
    await changeStoredConnection(stored(), 'acme', 'paused', { enabled: true });
    expect((await harness.http.get(`/v1/users/paused:${person}`).set('Authorization', acme())).status).toBe(200);
  });
});

describe('stored connections that clash or do not fit', () => {
  it("when a stored connection of the default tenant has a declared connection's name, then the declared one is used", async () => {
    await addStoredConnection(stored(), { tenant: 'default', name: adapter.name, adapter, simulator: other });
    const response = await harness.http.get(`/v1/users/${adapter.name}:${person}`).set('Authorization', harness.bearer(['users:read']));
    expect(response.status).toBe(200);
    expect(other.requests).toHaveLength(0);
  });

  it("when stored credentials do not fit the adapter's schema, then calls answer 503 and the provider is never called", async () => {
    const strict = adapters.find((candidate) => candidate.credentialsSchema.validate({}).error !== undefined)!;
    const simulated = await strict.startSimulator();
    try {
      await addStoredConnection(stored(), { tenant: 'acme', name: 'misfit', adapter: strict, simulator: simulated, credentials: {} });
      const response = await harness.http.get(`/v1/users/misfit:${strict.demo.personId}`).set('Authorization', acme());
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('provider_unavailable');
      expect(simulated.requests).toHaveLength(0);
      expect(harness.logs.join('')).toContain('stored connection not usable');
    } finally {
      await simulated.close();
    }
  });
});

describe('a stored connection changed at run time', () => {
  beforeAll(async () => {
    await addStoredConnection(stored(), { tenant: 'acme', name: 'moving', adapter, simulator });
  });

  it('when its settings change, then the next request uses the new ones', async () => {
    expect((await harness.http.get(`/v1/users/moving:${person}`).set('Authorization', acme())).status).toBe(200);
    expect(simulator.requests.length).toBeGreaterThan(0);
    // Pointed at another account (the other simulator), with that account's credentials.
    await stored().store.update('acme', 'moving', {
      baseUrl: other.baseUrl,
      credentials: sealCredentials(other.credentials, 'acme', 'moving', stored().keyRing),
    });
    await stored().catalog.refresh();
    simulator.requests.length = 0;
    expect((await harness.http.get(`/v1/users/moving:${person}`).set('Authorization', acme())).status).toBe(200);
    expect(simulator.requests).toHaveLength(0);
    expect(other.requests.length).toBeGreaterThan(0);
  });

  it('when it is deleted, then it is answered like a connection that does not exist', async () => {
    await removeStoredConnection(stored(), 'acme', 'moving');
    const gone = await harness.http.get(`/v1/users/moving:${person}`).set('Authorization', acme());
    const none = await harness.http.get(`/v1/users/nothing:${person}`).set('Authorization', acme());
    expect(gone.status).toBe(400);
    expect(problemOf(gone.body)).toEqual(problemOf(none.body));
  });
});
