import { startHarness, type Harness } from '../support/harness';
import { adapterWith, newUserRequest, personId } from '../support/registry';

/** An adapter that maps the personal-data-only fields, and the demo person there. */
const adapter = adapterWith({ maps: ['nationalId', 'dateOfBirth', 'address.city'] });
const PERSON = encodeURIComponent(personId(adapter));

describe('scopes and projection', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ cache: { enabled: true, softTtlSeconds: 60 } });
  });
  afterAll(() => harness.close());
  const get = (id: string, scopes: Parameters<Harness['bearer']>[0], extra?: Parameters<Harness['bearer']>[1]) =>
    harness.http.get(`/v1/users/${id}`).set('Authorization', harness.bearer(scopes, extra));

  it('when the client has users:read only, then nationalId, dateOfBirth and address are null and everything else is there', async () => {
    const full = await get(PERSON, ['users:read', 'users:pii']);
    const limited = await get(PERSON, ['users:read']);
    expect(full.body).toMatchObject({ nationalId: '48804120123', dateOfBirth: '1988-04-12', address: { city: 'Vilnius' } });
    expect(limited.body).toEqual({ ...full.body, nationalId: null, dateOfBirth: null, address: null });
  });

  it.each([
    ['post', '/v1/users', { connection: adapter.name, user: { email: 'x@example.com' } }],
    ['patch', `/v1/users/${PERSON}`, { name: { given: 'X' } }],
    ['delete', `/v1/users/${PERSON}`, undefined],
  ] as const)('when %s %s is sent without users:write, then 403', async (method, path, body) => {
    const request = harness.http[method](path).set('Authorization', harness.bearer(['users:read', 'users:pii']));
    const response = await (body ? request.send(body) : request);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
  });

  describe('when a write token has no users:read, then no write answers with the user', () => {
    const writeOnly = () => harness.bearer(['users:write']);
    const writer = adapterWith({ create: true, update: true });
    const patch = writer.demo.patch ?? {};

    it('when it patches a user, then 204 without a body', async () => {
      const response = await harness.http
        .patch(`/v1/users/${encodeURIComponent(personId(writer))}`)
        .set('Authorization', writeOnly())
        .send(patch);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
    });

    it('when a token with users:read patches a user, then the updated user comes back', async () => {
      const response = await harness.http
        .patch(`/v1/users/${encodeURIComponent(personId(writer))}`)
        .set('Authorization', harness.bearer(['users:write', 'users:read']))
        .send(patch);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: personId(writer) });
    });

    it('when it creates a user, then 201 carries the new id only', async () => {
      const response = await harness.http.post('/v1/users').set('Authorization', writeOnly()).send(newUserRequest(writer));
      expect(response.status).toBe(201);
      expect(Object.keys(response.body)).toEqual(['id']);
      expect(response.body.id).toMatch(new RegExp(`^${writer.name}:`));
      expect(response.headers.location).toBe(`/v1/users/${encodeURIComponent(response.body.id)}`);
    });
  });

  it('when a write token has no users:read, then it cannot read', async () => {
    expect((await get(PERSON, ['users:write'])).status).toBe(403);
  });

  it('when the connections claim leaves a connection out, then it does not exist for the token, even for a user already in the cache', async () => {
    expect((await get(PERSON, 'all')).status).toBe(200);
    expect((await get(PERSON, 'all')).headers['cache-status']).toMatch(/hit/);
    const refused = await get(PERSON, 'all', { connections: ['elsewhere'] });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('invalid_user_id');
    expect(refused.headers['cache-status']).toBeUndefined();
    expect(JSON.stringify(refused.body)).not.toContain('egle');
  });
});

describe('Cache-Status, which tells a client that someone else read the same user', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ cache: { enabled: true, softTtlSeconds: 60, statusHeader: false } });
  });
  afterAll(() => harness.close());

  it('when cache.statusHeader is off (the default), then no answer carries it, a hit included', async () => {
    const read = () => harness.http.get(`/v1/users/${PERSON}`).set('Authorization', harness.bearer());
    await read();
    const hit = await read();
    expect(hit.status).toBe(200);
    expect(hit.headers['cache-status']).toBeUndefined();
  });
});
