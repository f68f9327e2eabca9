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
    it("when Paysera has no such user, then the problem names Paysera's correlation id, for a ticket to Paysera's support", async () => {
      const response = await harness.http.get('/v1/users/paysera:999999').set('Authorization', harness.bearer());
      expect(response.status).toBe(404);
      expect(response.body.providerError.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

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

    // java-lib-wallet-sdk WalletApiClient.java L120-126 (fixtures/README.md): the official client's form, not the docs' person_code[lt]=.
    it('when searching by national id, then Paysera is asked in the official Java SDK form: person_code and a lower-case nationality', async () => {
      await harness.http.get('/v1/users?nationalId=48804120123&nationality=LT').set('Authorization', harness.bearer());
      expect(upstream().at(-1)).toEqual({ method: 'GET', path: '/rest/v1/user', query: 'person_code=48804120123&nationality=lt' });
    });

    it('when searching by national id without users:pii, then 403', async () => {
      const response = await harness.http.get('/v1/users?nationalId=48804120123&nationality=LT').set('Authorization', harness.bearer(['users:read']));
      expect(response.status).toBe(403);
    });
  });

  it('when the user asked for deletion, then extensions.deletionRequestAt carries it as Paysera sent it', async () => {
    const response = await harness.http.get('/v1/users/paysera:1004').set('Authorization', harness.bearer());
    expect(response.body.extensions).toMatchObject({ deletionRequestAt: '2026-01-15 10:00:00' });
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
  });
});

describe('Paysera connection edge cases', () => {
  // swift-lib-wallet-sdk Services/ReCAPTCHAHeader.swift, java-lib-wallet-sdk enums/RecaptchaHeader.java (fixtures/README.md).
  it('when Paysera answers 429 asking for a reCAPTCHA, then 429 rate_limited names the site key and the unlock URL in providerError', async () => {
    const recaptcha = { siteKey: '6LcSimulatedSiteKey', unlockUrl: 'https://wallet.paysera.example/unlock?case=1' };
    const simulator = await startPayseraSimulator({ recaptcha });
    const harness = await startHarness({ connections: [{ adapter: paysera, simulator }] });
    try {
      const reset = () =>
        harness.http.post('/v1/connections/paysera/password-reset').set('Authorization', harness.bearer()).send({ email: 'new.starter@example.com' });
      for (let attempt = 0; attempt < 3; attempt += 1) expect((await reset()).status).toBe(202);
      const response = await reset();
      expect(response.status).toBe(429);
      expect(response.body).toMatchObject({
        code: 'rate_limited',
        providerError: { status: 429, code: 'rate_limit_exceeded', challenge: { kind: 'recaptcha', siteKey: recaptcha.siteKey, url: recaptcha.unlockUrl } },
      });
    } finally {
      await harness.close();
      await simulator.close();
    }
  });

  it('when a 429 names an unlock URL that is not https, then it is left out and the challenge still says a reCAPTCHA is wanted', async () => {
    const simulator = await startPayseraSimulator({ recaptcha: { siteKey: '6LcSimulatedSiteKey', unlockUrl: 'javascript:alert(1)' } });
    const harness = await startHarness({ connections: [{ adapter: paysera, simulator }] });
    try {
      const reset = () =>
        harness.http.post('/v1/connections/paysera/password-reset').set('Authorization', harness.bearer()).send({ email: 'new.starter@example.com' });
      for (let attempt = 0; attempt < 3; attempt += 1) await reset();
      const response = await reset();
      expect(response.body.providerError.challenge).toEqual({ kind: 'recaptcha', siteKey: '6LcSimulatedSiteKey' });
    } finally {
      await harness.close();
      await simulator.close();
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
