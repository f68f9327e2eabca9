import { startHarness, type Harness } from '../support/harness';
import { adapterWith } from '../support/registry';

const adapter = adapterWith();
const ADMIN = ['connections:admin'] as const;

/** The admin API of DESIGN §8 over a real SQLite store, with the registry's first adapter and its simulator. */
describe('connections as data: the admin API', () => {
  let harness: Harness;
  let created = 0;
  const admin = (tenant?: string) => harness.bearer([...ADMIN], tenant === undefined ? {} : { tenant });
  const fresh = () => `shop-${(created += 1)}`;
  const body = (name: string, overrides: Record<string, unknown> = {}) => {
    const simulator = harness.simulators[adapter.name]!;
    return { name, adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options, ...overrides };
  };
  const create = (name: string, overrides: Record<string, unknown> = {}, tenant?: string) =>
    harness.http.post('/v1/connections?verify=false').set('Authorization', admin(tenant)).send(body(name, overrides));

  beforeAll(async () => {
    harness = await startHarness({ store: true, connections: [{ adapter }] });
  });
  afterAll(() => harness.close());

  it('when a connection is created, then 201 shows it stored and active, with a fingerprint of its credentials and never the credentials', async () => {
    const name = fresh();
    const response = await create(name);
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/v1/connections/${name}`);
    expect(response.body).toMatchObject({ name, adapter: adapter.name, source: 'stored', state: 'active', enabled: true, lastError: null });
    expect(response.body.credentials).toEqual({ fingerprint: expect.any(String), updatedAt: expect.any(String) });
    for (const secret of Object.values(harness.simulators[adapter.name]!.credentials)) expect(JSON.stringify(response.body)).not.toContain(String(secret));
  });

  it('when the tenant lists its connections, then the declared ones come first, then the stored ones, each saying which it is', async () => {
    const name = fresh();
    await create(name);
    const response = await harness.http.get('/v1/connections').set('Authorization', admin());
    expect(response.status).toBe(200);
    const sources = Object.fromEntries((response.body.data as { name: string; source: string }[]).map((connection) => [connection.name, connection.source]));
    expect(sources).toMatchObject({ [adapter.name]: 'declared', [name]: 'stored' });
  });

  it('when a client with users:read only lists or reads, then it sees names, adapters, source and state, not settings or health', async () => {
    const name = fresh();
    await create(name);
    const response = await harness.http.get(`/v1/connections/${name}`).set('Authorization', harness.bearer(['users:read']));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name, source: 'stored', state: 'active' });
    expect(response.body).not.toHaveProperty('baseUrl');
    expect(response.body).not.toHaveProperty('credentials');
  });

  it('when a client with users:read only creates one, then 403 and nothing is stored', async () => {
    const name = fresh();
    const response = await harness.http
      .post('/v1/connections')
      .set('Authorization', harness.bearer(['users:read']))
      .send(body(name));
    expect(response.status).toBe(403);
    expect(harness.stored!.catalog.get('default', name)).toBeUndefined();
  });

  it('when a connection is patched, then options merge, enabled false makes it disabled, and the answer is the connection', async () => {
    const name = fresh();
    await create(name);
    const response = await harness.http
      .patch(`/v1/connections/${name}`)
      .set('Authorization', admin())
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ enabled: false, timeouts: { totalMs: 20_000 } }));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name, enabled: false, state: 'disabled', timeouts: { totalMs: 20_000 } });
  });

  it('when credentials are patched without verifying, then the fingerprint changes and when they were set moves on', async () => {
    const name = fresh();
    const before = (await create(name)).body as { credentials: { fingerprint: string } };
    const other = await adapter.startSimulator();
    try {
      const response = await harness.http.patch(`/v1/connections/${name}?verify=false`).set('Authorization', admin()).send({ credentials: other.credentials });
      expect(response.status).toBe(200);
      expect(response.body.credentials.fingerprint).not.toBe(before.credentials.fingerprint);
    } finally {
      await other.close();
    }
  });

  it('when a connection is deleted, then 204, and it is gone', async () => {
    const name = fresh();
    await create(name);
    expect((await harness.http.delete(`/v1/connections/${name}`).set('Authorization', admin())).status).toBe(204);
    const read = await harness.http.get(`/v1/connections/${name}`).set('Authorization', admin());
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('not_found');
  });

  it('when a name is taken in the tenant, then 409 naming the field', async () => {
    const name = fresh();
    await create(name);
    const response = await create(name);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'conflict', invalidFields: [{ field: 'name' }] });
  });

  it('when a stored connection would take a declared one’s name, then 409', async () => {
    expect((await create(adapter.name)).status).toBe(409);
  });

  it('when a declared connection is patched or deleted, then 409 conflict: the config file is where it changes', async () => {
    const patch = await harness.http.patch(`/v1/connections/${adapter.name}`).set('Authorization', admin()).send({ enabled: false });
    const remove = await harness.http.delete(`/v1/connections/${adapter.name}`).set('Authorization', admin());
    expect([patch.status, patch.body.code, remove.status, remove.body.code]).toEqual([409, 'conflict', 409, 'conflict']);
  });

  it.each([
    ['name', { name: 'Not_A_Name' }],
    ['name', { name: 'x'.repeat(41) }],
    ['adapter', { adapter: 'no-such-adapter' }],
    ['credentials', { credentials: 'a string' }],
    ['timeouts.attemptMs', { timeouts: { attemptMs: 10 } }],
    ['timeouts.totalMs', { timeouts: { totalMs: 3_600_000 } }],
    ['baseUrl', { baseUrl: 'ftp://files.example.com' }],
  ])('when the create has a bad %s, then 400 names it and nothing is stored', async (field, overrides) => {
    const name = fresh();
    const response = await create(name, overrides);
    expect(response.status).toBe(400);
    expect((response.body.invalidFields as { field: string }[]).map((problem) => problem.field)).toContain(field);
    expect(harness.stored!.catalog.list('default').map((record) => record.name)).not.toContain(name);
  });

  it('when the credentials do not fit the adapter, then 400 names the credential field and never echoes its value', async () => {
    const secret = 'not-allowed-secret-value-0123456789';
    const [key] = Object.keys(harness.simulators[adapter.name]!.credentials);
    const response = await create(fresh(), { credentials: { [key!]: { nested: secret }, unexpected: secret } });
    expect(response.status).toBe(400);
    expect((response.body.invalidFields as { field: string }[]).every((problem) => problem.field.startsWith('credentials'))).toBe(true);
    expect(JSON.stringify(response.body)).not.toContain(secret);
  });

  it('when the options do not fit the adapter, then 400 names the option', async () => {
    const response = await create(fresh(), { options: { notAnOptionOfAnyAdapter: true } });
    expect(response.status).toBe(400);
    expect(response.body.invalidFields).toEqual([expect.objectContaining({ field: 'options.notAnOptionOfAnyAdapter' })]);
  });

  it('when the patch is empty or names what cannot change, then 400', async () => {
    const name = fresh();
    await create(name);
    for (const patch of [{}, { name: 'renamed' }, { adapter: adapter.name }]) {
      const response = await harness.http.patch(`/v1/connections/${name}`).set('Authorization', admin()).send(patch);
      expect(response.status).toBe(400);
    }
  });

  it("when another tenant asks for a tenant's connection, then it does not exist there, and that tenant may use the name itself", async () => {
    const name = fresh();
    await create(name, {}, 'tenant-a');
    const read = await harness.http.get(`/v1/connections/${name}`).set('Authorization', admin('tenant-b'));
    expect(read.status).toBe(404);
    const list = await harness.http.get('/v1/connections').set('Authorization', admin('tenant-b'));
    expect(list.body.data).toEqual([]);
    expect((await create(name, {}, 'tenant-b')).status).toBe(201);
  });

  it('when a tenant other than default lists, then the declared connections are not among them', async () => {
    await create(fresh(), {}, 'tenant-c');
    const list = await harness.http.get('/v1/connections').set('Authorization', admin('tenant-c'));
    expect((list.body.data as { source: string }[]).map((connection) => connection.source)).toEqual(['stored']);
  });
});

describe('connections as data on a gateway without a store', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter }] });
  });
  afterAll(() => harness.close());

  it('when a connection is created, then 503 store_unavailable; the declared ones are still listed', async () => {
    const simulator = harness.simulators[adapter.name]!;
    const response = await harness.http
      .post('/v1/connections')
      .set('Authorization', harness.bearer([...ADMIN]))
      .send({ name: 'shop', adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials });
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('store_unavailable');
    const list = await harness.http.get('/v1/connections').set('Authorization', harness.bearer([...ADMIN]));
    expect(list.body.data).toEqual([expect.objectContaining({ name: adapter.name, source: 'declared', state: 'active', credentials: null })]);
  });
});
