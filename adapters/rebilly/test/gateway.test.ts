import axios from 'axios';
import { expectCanonical, expectNoNeverReturnedKeys } from '../../../test/contract/suite';
import { startHarness, type Harness } from '../../../test/support/harness';
import { rebilly } from '..';
import { MAX_PAGES } from '../client';
import { startRebillySimulator, type RebillySimulator, type RebillySimulatorStartOptions } from '../simulator/server';
import type { StoredUser } from '../simulator/store';

const EGLE = 'usr_01JDEMOEGLE0000000000000001';
const JONAS = 'usr_01JDEMOJONAS000000000000001';
const MISSING = 'usr_01JZZZZZZZZZZZZZZZZZZZZZZZ';

/** A harness in front of its own Rebilly simulator, for tests that need special simulator options. */
async function withRebilly(
  simulatorOptions: RebillySimulatorStartOptions,
  test: (harness: Harness, simulator: RebillySimulator) => Promise<void>,
  connection: { options?: Record<string, unknown>; baseUrl?: (simulator: RebillySimulator) => string } = {},
): Promise<void> {
  const simulator = await startRebillySimulator(simulatorOptions);
  const served = connection.baseUrl ? { ...simulator, baseUrl: connection.baseUrl(simulator) } : simulator;
  const harness = await startHarness({ connections: [{ adapter: rebilly, simulator: served, options: connection.options }] });
  try {
    await test(harness, simulator);
  } finally {
    await harness.close();
    await simulator.close();
  }
}

const namesakes = (count: number): StoredUser[] =>
  Array.from({ length: count }, (_, index) => ({ id: `usr_namesake_${index}`, email: 'shared@example.com', firstName: 'Same', lastName: `No${index}` }));

describe('Rebilly through the gateway', () => {
  let harness: Harness;
  let simulator: RebillySimulator;
  beforeAll(async () => {
    simulator = await startRebillySimulator();
    harness = await startHarness({ connections: [{ adapter: rebilly, simulator }] });
  });
  afterAll(async () => {
    await harness.close();
    await simulator.close();
  });
  beforeEach(() => simulator.faults.clear());
  const upstream = () => simulator.requests;
  const organizationPath = () => new URL(simulator.baseUrl).pathname;
  const get = (path: string) => harness.http.get(path).set('Authorization', harness.bearer());
  const post = (body: object) =>
    harness.http
      .post('/v1/users')
      .set('Authorization', harness.bearer())
      .send({ connection: 'rebilly', ...body });
  const patch = (id: string, body: object) => harness.http.patch(`/v1/users/rebilly:${id}`).set('Authorization', harness.bearer()).send(body);

  describe('GET /v1/users/{id}', () => {
    it('when the user exists, then every mapped field comes back in the canonical model', async () => {
      const response = await get(`/v1/users/rebilly:${EGLE}`);
      expect(response.status).toBe(200);
      expectCanonical(response.body);
      expect(response.body).toMatchObject({
        id: `rebilly:${EGLE}`,
        email: 'egle.jankauskiene@example.com',
        phone: '+37060012345',
        name: { given: 'Eglė', family: 'Jankauskienė', full: 'Eglė Jankauskienė' },
        address: { country: 'LT' },
        status: 'active',
        locale: 'lt',
        timezone: 'Europe/Vilnius',
        mfaEnabled: true,
        lastLoginAt: '2025-03-14T07:45:10Z',
        extensions: { permissions: ['*'], reportingCurrency: 'EUR', availableCurrencies: ['EUR', 'USD'], allowedIps: null, businessPhone: null },
      });
    });

    it("when Rebilly sends the documented example's computed permissions and links, then neither leaves the gateway", async () => {
      const response = await get('/v1/users/rebilly:4f6cf35x-2c4y-483z-a0a9-158621f77a21');
      expect(response.status).toBe(200);
      expectNoNeverReturnedKeys(response.body);
    });

    it("when Rebilly still sends the 2022 API's password, TOTP flag, secret and URL, then none leaves the gateway and the flag says nothing of MFA", async () => {
      await withRebilly({ legacyUserFields: true }, async (legacy) => {
        const response = await legacy.http.get('/v1/users/rebilly:4f6cf35x-2c4y-483z-a0a9-158621f77a21').set('Authorization', legacy.bearer());
        expect(response.status).toBe(200);
        expectNoNeverReturnedKeys(response.body);
        expect(response.text).not.toContain('pa$$word');
        expect(response.body.mfaEnabled).toBe(false);
      });
    });

    it('when the user has an older UUID-like id and zone-less times, then it is read, the times as UTC', async () => {
      const response = await get('/v1/users/rebilly:3b241101-e2bb-4255-8caf-4136c566a962');
      expect(response.body).toMatchObject({ status: 'inactive', createdAt: '2018-03-01T08:00:00Z', lastLoginAt: '2021-06-30T16:59:41Z' });
    });

    it('when the user has only a national business phone, then it is the E.164 phone (defaultRegion) and free-form preferences are normalised', async () => {
      const response = await get('/v1/users/rebilly:usr_01JG7B2C9D4E6F8H0J2K4M6N8P');
      expect(response.body).toMatchObject({ phone: '+37052123456', locale: 'en-us', timezone: 'UTC+02:00', extensions: { businessPhone: '+37052123456' } });
    });

    it.each([
      ['longer than 50 characters', `usr_${'0'.repeat(47)}`],
      ['a dot segment', '%2E%2E'],
    ])('when the id is %s, then 400 invalid_user_id and Rebilly is not called', async (_what, id) => {
      const before = upstream().length;
      const response = await get(`/v1/users/rebilly:${id}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_user_id');
      expect(upstream().length).toBe(before);
    });
  });

  describe('MFA on user reads (connection option mfa)', () => {
    const calls = (simulator: RebillySimulator) => simulator.requests.map(({ method, path }) => `${method} ${path.replace(/^\/organizations\/\w+/, '')}`);

    it("when a user is read, then MFA comes from GET /users/{id}/mfa: one more call, sent alongside the user's", async () => {
      await withRebilly({}, async (fresh, simulator) => {
        const response = await fresh.http.get(`/v1/users/rebilly:${EGLE}`).set('Authorization', fresh.bearer());
        expect(response.body.mfaEnabled).toBe(true);
        expect(calls(simulator).sort()).toEqual([`GET /users/${EGLE}`, `GET /users/${EGLE}/mfa`]);
      });
    });

    it('when the user does not exist, then 404 user_not_found, whatever the MFA call said', async () => {
      await withRebilly({}, async (fresh, simulator) => {
        const response = await fresh.http.get('/v1/users/rebilly:usr_01JNOSUCHUSER00000000000001').set('Authorization', fresh.bearer());
        expect(response.status).toBe(404);
        expect(response.body.code).toBe('user_not_found');
        expect(calls(simulator).sort()).toEqual(['GET /users/usr_01JNOSUCHUSER00000000000001', 'GET /users/usr_01JNOSUCHUSER00000000000001/mfa']);
      });
    });

    it('when the user is read again while cached, then neither call is repeated: MFA is cached with the user', async () => {
      const simulator = await startRebillySimulator();
      const cached = await startHarness({ redis: true, cache: { enabled: true, softTtlSeconds: 60 }, connections: [{ adapter: rebilly, simulator }] });
      try {
        await cached.http.get(`/v1/users/rebilly:${JONAS}`).set('Authorization', cached.bearer());
        const again = await cached.http.get(`/v1/users/rebilly:${JONAS}`).set('Authorization', cached.bearer());
        expect(again.body.mfaEnabled).toBe(false);
        expect(calls(simulator).sort()).toEqual([`GET /users/${JONAS}`, `GET /users/${JONAS}/mfa`]);
      } finally {
        await cached.close();
        await simulator.close();
      }
    });

    it('when the connection says mfa: skip, then one call and mfaEnabled null', async () => {
      await withRebilly(
        {},
        async (fresh, simulator) => {
          const response = await fresh.http.get(`/v1/users/rebilly:${EGLE}`).set('Authorization', fresh.bearer());
          expect(response.body.mfaEnabled).toBeNull();
          expect(calls(simulator)).toEqual([`GET /users/${EGLE}`]);
        },
        { options: { defaultRegion: 'LT', mfa: 'skip' } },
      );
    });

    it('when the API key may not read MFA (403), then the user comes back with mfaEnabled null and a warning says how to stop asking', async () => {
      await withRebilly({}, async (fresh, simulator) => {
        simulator.faults.set({ match: { pathPrefix: `${new URL(simulator.baseUrl).pathname}/users/${EGLE}/mfa` }, errorRate: 1, errorStatus: 403 });
        const response = await fresh.http.get(`/v1/users/rebilly:${EGLE}`).set('Authorization', fresh.bearer());
        expect(response.status).toBe(200);
        expect(response.body.mfaEnabled).toBeNull();
        expect(fresh.logs.some((line) => line.includes('mfa: skip'))).toBe(true);
      });
    });

    it('when a lookup finds users, then it makes no MFA calls and their mfaEnabled is null', async () => {
      await withRebilly({}, async (fresh, simulator) => {
        const response = await fresh.http.get('/v1/users?email=egle.jankauskiene@example.com&connections=rebilly').set('Authorization', fresh.bearer());
        expect(response.body.data[0].mfaEnabled).toBeNull();
        expect(calls(simulator).filter((call) => call.endsWith('/mfa'))).toEqual([]);
      });
    });
  });

  describe('GET /v1/users?email= (lookup)', () => {
    it('when the email matches in another case, then the user is found through exactly one filter term', async () => {
      const response = await get('/v1/users?email=EGLE.Jankauskiene@example.com&connections=rebilly');
      expect(response.body.data.map((user: { id: string }) => user.id)).toEqual([`rebilly:${EGLE}`]);
      expect(simulator.receivedLists.at(-1)).toEqual({
        filter: [{ field: 'email', values: [{ negate: false, exact: 'egle.jankauskiene@example.com' }] }],
        limit: 100,
        offset: 0,
      });
    });

    it('when a valid email starts with "!" (filter negation), then the lookup is refused and Rebilly is not called', async () => {
      const before = upstream().length;
      const response = await get(`/v1/users?email=${encodeURIComponent('!egle.jankauskiene@example.com')}`);
      expect(response.status).toBe(200);
      expect(response.body.connections.rebilly).toMatchObject({ status: 'error', error: { code: 'invalid_request', status: 400 } });
      expect(upstream().length).toBe(before);
    });

    it('when nobody matches, then the connection reports ok with count 0 after one page', async () => {
      const before = simulator.receivedLists.length;
      const response = await get('/v1/users?email=nobody@example.com');
      expect(response.body.connections.rebilly).toMatchObject({ status: 'ok', count: 0 });
      expect(simulator.receivedLists.length - before).toBe(1);
    });
  });

  describe('POST /v1/users', () => {
    it('when the required fields are given, then 201 with a pending user whose id is a usr_ ULID', async () => {
      const response = await post({
        user: { email: 'new.member@example.com', phone: '+37069900001', name: { given: 'Rūta', family: 'Naujokė' }, locale: 'lt' },
      });
      expect(response.status).toBe(201);
      expectCanonical(response.body);
      expect(response.body.providerUserId).toMatch(/^usr_[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(response.headers.location).toBe(`/v1/users/${encodeURIComponent(response.body.id)}`);
      expect(response.body).toMatchObject({ status: 'pending', phone: '+37069900001', locale: 'lt', name: { full: 'Rūta Naujokė' } });
    });

    it('when the family name is missing, then 400 names it and Rebilly is not called', async () => {
      const before = upstream().length;
      const response = await post({ user: { email: 'half@example.com', name: { given: 'Half' } } });
      expect(response.status).toBe(400);
      expect(response.body.invalidFields).toEqual([{ field: 'name.family', message: 'Rebilly requires this field' }]);
      expect(upstream().length).toBe(before);
    });

    it('when a password is given, then 400 names it (Rebilly emails new users instead) and Rebilly is not called', async () => {
      const before = upstream().length;
      const response = await post({ user: { email: 'pw@example.com', name: { given: 'P', family: 'W' } }, password: 'secretPassword22' });
      expect(response.status).toBe(400);
      expect(response.body.invalidFields.map((invalid: { field: string }) => invalid.field)).toEqual(['password']);
      expect(upstream().length).toBe(before);
    });

    it("when Rebilly answers 422 (email in use), then 400 invalid_request lists the canonical field, never Rebilly's text", async () => {
      const response = await post({ user: { email: 'jonas.petraitis@example.com', name: { given: 'J', family: 'P' } } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'invalid_request',
        origin: 'provider',
        providerError: { status: 422 },
        invalidFields: [{ field: 'email', message: 'rejected by Rebilly' }],
      });
      expect(response.text).not.toMatch(/already in use|Invalid data sent/);
    });
  });

  describe('PATCH /v1/users/{id}', () => {
    it('when changing the family name, then the user is read, then written whole, keeping what the patch did not touch', async () => {
      const response = await patch(JONAS, { name: { family: 'Petraitis-Kairys' }, timezone: 'Europe/Vilnius' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        name: { given: 'Jonas', family: 'Petraitis-Kairys', full: 'Jonas Petraitis-Kairys' },
        phone: '+37061199999',
        timezone: 'Europe/Vilnius',
        extensions: { permissions: ['GetUserCollection', 'GetUser'] },
      });
      expect(upstream().slice(-3)).toEqual([
        { method: 'GET', path: `${organizationPath()}/users/${JONAS}` },
        { method: 'PUT', path: `${organizationPath()}/users/${JONAS}` },
        { method: 'GET', path: `${organizationPath()}/users/${JONAS}/mfa` },
      ]);
    });

    it('when the user does not exist, then 404 and nothing is written (the upsert never creates it)', async () => {
      const before = upstream().length;
      const response = await patch(MISSING, { name: { given: 'Ghost' } });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('user_not_found');
      expect(
        upstream()
          .slice(before)
          .map((request) => request.method),
      ).toEqual(['GET']);
      expect((await get(`/v1/users/rebilly:${MISSING}`)).status).toBe(404);
    });

    it('when the new name is longer than 45 characters, then 400 and Rebilly is not called', async () => {
      const before = upstream().length;
      const response = await patch(JONAS, { name: { given: 'J'.repeat(46) } });
      expect(response.status).toBe(400);
      expect(upstream().length).toBe(before);
    });
  });

  describe('GET /v1/connections/rebilly/users/{userId}/mfa', () => {
    const mfa = (id: string, scopes?: Parameters<Harness['bearer']>[0]) =>
      harness.http.get(`/v1/connections/rebilly/users/${encodeURIComponent(id)}/mfa`).set('Authorization', harness.bearer(scopes));

    it('when the user has MFA, then its status, type and last authentication come back without links', async () => {
      const response = await mfa(EGLE, ['users:read']);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'active', type: 'otp', lastAuthTime: '2025-03-14T07:45:10Z' });
    });

    it('when the user has no MFA, then status is inactive and type and time are null', async () => {
      expect((await mfa(JONAS)).body).toEqual({ status: 'inactive', type: null, lastAuthTime: null });
    });

    it('when the user does not exist, then 404 user_not_found', async () => {
      const response = await mfa(MISSING);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('user_not_found');
    });

    it.each([
      ['holds a space', 'usr%201'],
      ['is a dot segment', '%2E%2E'],
    ])('when the id %s, then 400 and Rebilly is not called', async (_what, id) => {
      const before = upstream().length;
      const response = await harness.http.get(`/v1/connections/rebilly/users/${id}/mfa`).set('Authorization', harness.bearer());
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_user_id');
      expect(upstream().length).toBe(before);
    });

    it('when the token lacks users:read, then 403', async () => {
      expect((await mfa(EGLE, ['users:write'])).status).toBe(403);
    });
  });

  it('when every request above has run, then no log line holds the API key, an email, a phone or a TOTP secret', () => {
    const { apiKey } = simulator.credentials as { apiKey: string };
    const secrets = [apiKey, 'egle.jankauskiene@example.com', 'jonas.petraitis@example.com', '+37060012345', '37061199999', 'JBSWY3DPEHPK3PXP', 'pa$$word'];
    const text = harness.logs.join('\n').toLowerCase();
    expect(secrets.filter((secret) => text.includes(secret.toLowerCase()))).toEqual([]);
  });
});

describe('Rebilly connection variants', () => {
  it("when Rebilly's quota is used up, then 429 rate_limited waits until X-RateLimit-Retry-After", async () => {
    await withRebilly({ quota: { requests: 1, windowSeconds: 60 } }, async (harness) => {
      const create = (email: string) =>
        harness.http
          .post('/v1/users')
          .set('Authorization', harness.bearer())
          .send({ connection: 'rebilly', user: { email, name: { given: 'Q', family: 'U' } } });
      expect((await create('first@example.com')).status).toBe(201);
      const limited = await create('second@example.com');
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(50);
      // The reset is a whole unix second, so the wait may round up past the 60-second window.
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(61);
    });
  });

  it('when Rebilly answers with the older error form, then its map-shaped invalidFields are mapped the same way', async () => {
    await withRebilly({ legacyErrors: true }, async (harness) => {
      const response = await harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer())
        .send({ connection: 'rebilly', user: { email: 'egle.jankauskiene@example.com', name: { given: 'E', family: 'J' } } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'invalid_request',
        providerError: { status: 422 },
        invalidFields: [{ field: 'email', message: 'rejected by Rebilly' }],
      });
    });
  });

  it('when the connection authenticates with a JWT, then reads and writes work', async () => {
    await withRebilly({ auth: 'jwt' }, async (harness) => {
      expect((await harness.http.get(`/v1/users/rebilly:${EGLE}`).set('Authorization', harness.bearer())).status).toBe(200);
      expect((await harness.http.patch(`/v1/users/rebilly:${EGLE}`).set('Authorization', harness.bearer()).send({ locale: 'en' })).body.locale).toBe('en');
    });
  });

  it('when the base URL has no /organizations/{id}, then the paths start at /users', async () => {
    await withRebilly({ organizationInBaseUrl: false }, async (harness, simulator) => {
      expect((await harness.http.get(`/v1/users/rebilly:${EGLE}`).set('Authorization', harness.bearer())).status).toBe(200);
      expect(simulator.requests.slice(-2)).toEqual([
        { method: 'GET', path: `/users/${EGLE}` },
        { method: 'GET', path: `/users/${EGLE}/mfa` },
      ]);
    });
  });

  it('when the base URL names an organization the key may not reach, then 403 forbidden from the provider', async () => {
    await withRebilly(
      {},
      async (harness) => {
        const response = await harness.http.get(`/v1/users/rebilly:${EGLE}`).set('Authorization', harness.bearer());
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ code: 'forbidden', origin: 'provider', providerError: { status: 403 } });
      },
      { baseUrl: (simulator) => `${new URL(simulator.baseUrl).origin}/organizations/org_someone_else` },
    );
  });

  it('when more users match than one page holds, then the lookup walks the pages', async () => {
    await withRebilly(
      { seed: namesakes(3) },
      async (harness, simulator) => {
        const response = await harness.http.get('/v1/users?email=shared@example.com').set('Authorization', harness.bearer());
        expect(response.body.connections.rebilly).toMatchObject({ status: 'ok', count: 3 });
        expect(simulator.receivedLists.map(({ limit, offset }) => [limit, offset])).toEqual([
          [2, 0],
          [2, 2],
        ]);
      },
      { options: { pageSize: 2 } },
    );
  });

  it('when more pages match than the walk may read, then it stops at the page limit and says so in the log', async () => {
    await withRebilly(
      { seed: namesakes(MAX_PAGES + 2) },
      async (harness, simulator) => {
        const response = await harness.http.get('/v1/users?email=shared@example.com').set('Authorization', harness.bearer());
        expect(response.body.connections.rebilly).toMatchObject({ status: 'ok', count: MAX_PAGES });
        expect(simulator.receivedLists).toHaveLength(MAX_PAGES);
        expect(harness.logs.some((line) => line.includes('lookup stopped at the page limit'))).toBe(true);
      },
      { options: { pageSize: 1 } },
    );
  });

  it('when patching the locale, then Rebilly still holds the other custom preferences', async () => {
    await withRebilly({}, async (harness, simulator) => {
      await harness.http.patch(`/v1/users/rebilly:${EGLE}`).set('Authorization', harness.bearer()).send({ locale: 'en' });
      const stored = await axios.get(`${simulator.baseUrl}/users/${EGLE}`, { headers: { 'REB-APIKEY': (simulator.credentials as { apiKey: string }).apiKey } });
      expect(stored.data.preferences).toEqual({ language: 'en', timezone: 'Europe/Vilnius', theme: 'dark' });
    });
  });
});
