import { canonicalUserSchema } from '../../../src/canonical/user';
import { startHarness, type Harness } from '../../../test/support/harness';
import { paysera } from '..';
import { startPayseraSimulator } from '../simulator/server';

describe('Paysera through the gateway', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      connections: [{ adapter: paysera, simulator: await startPayseraSimulator({ otherClients: [] }) }],
    });
  });
  afterAll(async () => {
    await harness.close();
    await harness.simulators.paysera!.close();
  });
  const upstream = () => harness.simulators.paysera!.requests;

  describe('GET /v1/users/{id}', () => {
    it('when the user exists, then it comes back as a valid canonical user', async () => {
      const response = await harness.http.get('/v1/users/paysera:1001').set('Authorization', harness.bearer());
      expect(response.status).toBe(200);
      expect(canonicalUserSchema.validate(response.body).error).toBeUndefined();
      expect(response.body).toMatchObject({
        id: 'paysera:1001',
        connection: 'paysera',
        provider: 'paysera',
        providerUserId: '1001',
        email: 'egle.jankauskiene@example.com',
        phone: '+37060012345',
        name: { given: 'Eglė', family: 'Jankauskienė', full: 'Eglė Jankauskienė' },
        nationalId: '48804120123',
        verification: 'full',
      });
    });

    it('when the client lacks users:pii, then nationalId, dateOfBirth and address are null', async () => {
      const response = await harness.http.get('/v1/users/paysera:1001').set('Authorization', harness.bearer(['users:read']));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ nationalId: null, dateOfBirth: null, address: null, email: 'egle.jankauskiene@example.com' });
    });

    it('when Paysera has no such user, then 404 user_not_found names the provider error', async () => {
      const response = await harness.http.get('/v1/users/paysera:424242').set('Authorization', harness.bearer());
      expect(response.status).toBe(404);
      expect(response.type).toBe('application/problem+json');
      expect(response.body).toMatchObject({
        code: 'user_not_found',
        origin: 'provider',
        connection: 'paysera',
        providerError: { status: 404, code: 'not_found' },
      });
    });

    it('when the id is not a Paysera id, then 400 invalid_user_id and Paysera is not called', async () => {
      const before = upstream().length;
      const response = await harness.http.get('/v1/users/paysera:me').set('Authorization', harness.bearer());
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_user_id');
      expect(upstream().length).toBe(before);
    });
  });

  describe('GET /v1/users (lookup)', () => {
    it.each([
      ['email', 'email=EGLE.jankauskiene@example.com'],
      ['phone', 'phone=%2B37060012345'],
      ['national id and nationality', 'nationalId=48804120123&nationality=lt'],
    ])('when searching by %s, then the one matching user is found', async (_what, query) => {
      const response = await harness.http.get(`/v1/users?${query}`).set('Authorization', harness.bearer());
      expect(response.status).toBe(200);
      expect(response.body.data.map((user: { id: string }) => user.id)).toEqual(['paysera:1001']);
      expect(response.body.connections.paysera).toMatchObject({ status: 'ok', count: 1 });
    });

    it('when nobody matches, then the connection reports ok with count 0', async () => {
      const response = await harness.http.get('/v1/users?email=nobody@example.com').set('Authorization', harness.bearer());
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ data: [], connections: { paysera: { status: 'ok', count: 0 } } });
    });

    it('when searching by national id without users:pii, then 403', async () => {
      const response = await harness.http.get('/v1/users?nationalId=48804120123&nationality=LT').set('Authorization', harness.bearer(['users:read']));
      expect(response.status).toBe(403);
    });
  });

  describe('POST /v1/users (register)', () => {
    it('when registering with a password, then 201 with the new canonical user and a Location', async () => {
      const response = await harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer())
        .send({
          connection: 'paysera',
          user: { email: 'new.person@example.com', phone: '+37069900001', locale: 'lt', name: { given: 'Rūta', family: 'Naujokė' }, nationality: 'LT' },
          password: 'secretPassword22',
          options: { phoneLink: 'https://app.example.com/phone-confirmation/{code}' },
        });
      expect(response.status).toBe(201);
      expect(response.headers.location).toBe(`/v1/users/${encodeURIComponent(response.body.id)}`);
      expect(response.body).toMatchObject({
        email: 'new.person@example.com',
        phone: '+37069900001',
        name: { given: 'Rūta', family: 'Naujokė' },
        verification: 'none',
      });
      const read = await harness.http.get(response.headers.location!).set('Authorization', harness.bearer());
      expect(read.body.email).toBe('new.person@example.com');
    });

    it('when registering a migrated user, then pre-salt-sha1-base64 credentials are accepted', async () => {
      const response = await harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer())
        .send({
          connection: 'paysera',
          user: { email: 'migrated@example.com' },
          options: { migratedCredentials: { passwordHash: 'aGFzaGVkUGFzc3dvcmQ=', passwordSalt: 'YmFzZTY0U2FsdA==', username: 'johnsm' } },
        });
      expect(response.status).toBe(201);
    });

    it('when the email is already assigned, then 409 conflict carries Paysera code', async () => {
      const response = await harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer())
        .send({ connection: 'paysera', user: { email: 'egle.jankauskiene@example.com' }, password: 'secretPassword22' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'conflict', providerError: { code: 'email_already_assigned' } });
    });

    it('when the client lacks users:write, then 403 and nothing is sent to Paysera', async () => {
      const before = upstream().length;
      const response = await harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer(['users:read', 'users:pii']))
        .send({ connection: 'paysera', user: { email: 'x@example.com' } });
      expect(response.status).toBe(403);
      expect(upstream().length).toBe(before);
    });
  });

  describe('PATCH /v1/users/{id} (provide identity)', () => {
    it('when changing the family name, then the signed PUT (MAC with body_hash) is accepted and the user comes back changed', async () => {
      const response = await harness.http
        .patch('/v1/users/paysera:1007')
        .set('Authorization', harness.bearer())
        .set('Content-Type', 'application/merge-patch+json')
        .send(JSON.stringify({ name: { family: 'Petraitis-Kairys' } }));
      expect(response.status).toBe(200);
      expect(response.body.name).toEqual({ given: 'Jonas', family: 'Petraitis-Kairys', full: 'Jonas Petraitis-Kairys' });
      expect(upstream().slice(-2)).toEqual([
        { method: 'GET', path: '/rest/v1/user/1007' },
        { method: 'PUT', path: '/rest/v1/user/1007' },
      ]);
    });

    it('when the patch touches a field Paysera cannot change, then 400 names it and Paysera is not called', async () => {
      const before = upstream().length;
      const response = await harness.http.patch('/v1/users/paysera:1007').set('Authorization', harness.bearer()).send({ gender: 'male' });
      expect(response.status).toBe(400);
      expect(response.body.invalidFields).toEqual([{ field: 'gender', message: 'not writable at Paysera update' }]);
      expect(upstream().length).toBe(before);
    });
  });

  it('when deleting, then 501 not_supported', async () => {
    const response = await harness.http.delete('/v1/users/paysera:1002').set('Authorization', harness.bearer());
    expect(response.status).toBe(501);
    expect(response.body.code).toBe('not_supported');
  });
});

describe('Paysera connection edge cases', () => {
  it("when Paysera rejects the connection's MAC key, then 502 provider_error, not a 401 for the client", async () => {
    const harness = await startHarness({ connections: [{ adapter: paysera, credentials: { clientId: 'nobody', macKey: 'wrong' } }] });
    try {
      const response = await harness.http.get('/v1/users/paysera:1001').set('Authorization', harness.bearer());
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ code: 'provider_error', providerError: { status: 401, code: 'unauthorized' } });
    } finally {
      await harness.close();
    }
  });

  it("when Paysera's clock is an hour off, then the adapter syncs with /server and the call succeeds", async () => {
    const simulator = await startPayseraSimulator({ clockOffsetSeconds: 3600 });
    const harness = await startHarness({ connections: [{ adapter: paysera, simulator }] });
    try {
      const response = await harness.http.get('/v1/users/paysera:1001').set('Authorization', harness.bearer());
      expect(response.status).toBe(200);
      expect(simulator.requests.map((request) => request.path)).toEqual(['/rest/v1/user/1001', '/rest/v1/server', '/rest/v1/user/1001']);
    } finally {
      await harness.close();
      await simulator.close();
    }
  });

  it('when the client may not search by person code, then the fan-out reports that connection as forbidden', async () => {
    const simulator = await startPayseraSimulator({ otherClients: [{ clientId: 'limited', macKey: 'limited-key' }] });
    const harness = await startHarness({
      connections: [{ adapter: paysera, simulator, credentials: { clientId: 'limited', macKey: 'limited-key' } }],
    });
    try {
      const response = await harness.http.get('/v1/users?nationalId=48804120123&nationality=LT').set('Authorization', harness.bearer());
      expect(response.status).toBe(200);
      expect(response.body.connections.paysera).toMatchObject({ status: 'error', error: { code: 'forbidden', status: 403 } });
    } finally {
      await harness.close();
      await simulator.close();
    }
  });
});
