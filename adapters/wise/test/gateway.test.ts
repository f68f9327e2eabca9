import { randomBytes } from 'node:crypto';
import { adapters } from '../../index';
import { parseConfig, type ConfigError } from '../../../src/config/load';
import { expectCanonical, expectNoNeverReturnedKeys } from '../../../test/contract/suite';
import { startHarness, TEST_JWT, type Harness } from '../../../test/support/harness';
import { wise } from '..';
import { startWiseSimulator, type RunningWiseSimulator } from '../simulator/server';

describe('Wise through the gateway', () => {
  let harness: Harness;
  let simulator: RunningWiseSimulator;
  beforeAll(async () => {
    simulator = await startWiseSimulator();
    harness = await startHarness({ connections: [{ adapter: wise, simulator }] });
  });
  afterAll(async () => {
    await harness.close();
    await simulator.close();
  });
  beforeEach(() => simulator.faults.clear());
  const upstream = () => simulator.requests;
  const get = (path: string) => harness.http.get(path).set('Authorization', harness.bearer());
  const create = (body: Record<string, unknown>) =>
    harness.http
      .post('/v1/users')
      .set('Authorization', harness.bearer())
      .send({ connection: 'wise', ...body });

  describe('GET /v1/users/{id}', () => {
    it("when reading the configured personal token's user, then the canonical user comes back with Wise's own date of birth", async () => {
      const response = await get('/v1/users/wise:5001');
      expect(response.status).toBe(200);
      expectCanonical(response.body);
      expect(response.body).toMatchObject({
        id: 'wise:5001',
        email: 'egle.jankauskiene@example.com',
        phone: '+37060012345',
        name: { given: 'Eglė', family: 'Jankauskienė', full: 'Eglė Jankauskienė' },
        dateOfBirth: '1988-04-21',
        address: { line1: 'Gedimino pr. 1', city: 'Vilnius', postalCode: 'LT-01103', state: null, country: 'LT' },
        status: 'active',
        avatarUrl: null,
        extensions: { occupation: 'Architect', addressOccupation: null, primaryAddressId: 50011 },
      });
    });

    it("when reading wise:me, then /v1/me answers with the configured token's user under its real id", async () => {
      const response = await get('/v1/users/wise:me');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: 'wise:5001', providerUserId: '5001' });
      expect(upstream().at(-1)).toEqual({ method: 'GET', path: '/v1/me' });
    });

    it('when the gateway holds no token of that user, then 403 forbidden says so', async () => {
      const response = await get('/v1/users/wise:101');
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'forbidden', origin: 'provider', providerError: { status: 403, code: 'access_denied' } });
      expect(response.body.detail).toMatch(/tokens only for users it created/);
    });
  });

  describe('GET /v1/users (lookup: Wise says only whether the email has an account)', () => {
    it('when the email has a Wise account, then the connection reports exists: true and no user data', async () => {
      const response = await get('/v1/users?email=EGLE.jankauskiene@example.com');
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual([]);
      expect(response.body.connections.wise).toMatchObject({ status: 'ok', count: 0, exists: true });
    });

    it('when the email has no Wise account, then exists: false', async () => {
      const response = await get('/v1/users?email=nobody@example.com');
      expect(response.body.connections.wise).toMatchObject({ status: 'ok', count: 0, exists: false });
    });

    it('when looking up by phone, then wise reports unsupported and is not called', async () => {
      const before = upstream().length;
      const response = await get('/v1/users?phone=%2B37060012345');
      expect(response.body.connections.wise).toEqual({ status: 'unsupported' });
      expect(upstream().length).toBe(before);
    });
  });

  describe('POST /v1/users (signup with a registration code)', () => {
    it('when creating with an email, then 201 with an empty name, and the user reads back with the tokens the gateway kept', async () => {
      const response = await create({ user: { email: 'signup.one@example.com' } });
      expect(response.status).toBe(201);
      expectCanonical(response.body);
      expect(response.body).toMatchObject({ email: 'signup.one@example.com', name: { given: null, family: null, full: null }, status: 'active' });
      expect(upstream().slice(-2)).toEqual([
        { method: 'POST', path: '/v1/user/signup/registration_code' },
        { method: 'POST', path: '/oauth/token' },
      ]);
      const read = await get(response.headers.location!);
      expect(read.status).toBe(200);
      expect(read.body.email).toBe('signup.one@example.com');
    });

    it('when the client gives a registration code, then Wise gets that code and it never comes back', async () => {
      const registrationCode = randomBytes(30).toString('base64url');
      const response = await create({ user: { email: 'signup.code@example.com' }, options: { registrationCode } });
      expect(response.status).toBe(201);
      const { clientId } = simulator.credentials as { clientId: string };
      expect(simulator.users.signedUpWith('signup.code@example.com', registrationCode, clientId)?.id).toBe(Number(response.body.providerUserId));
      expect(JSON.stringify(response.body)).not.toContain(registrationCode);
      expectNoNeverReturnedKeys(response.body);
    });

    it('when the locale maps to a Wise language, then the user signs up in it', async () => {
      const response = await create({ user: { email: 'signup.pt@example.com', locale: 'pt-BR' } });
      expect(response.status).toBe(201);
      expect(simulator.users.languageOf(Number(response.body.providerUserId))).toBe('PT');
    });

    it.each([
      ['a registration code shorter than 32 characters', { user: { email: 'x@example.com' }, options: { registrationCode: 'too-short' } }],
      ['a locale Wise has no language for', { user: { email: 'x@example.com', locale: 'lt' } }],
      ['a field Wise signup cannot store', { user: { email: 'x@example.com', name: { given: 'X' } } }],
      ['a password', { user: { email: 'x@example.com' }, password: 'secretPassword22' }],
      ['an unknown language', { user: { email: 'x@example.com' }, options: { language: 'LT' } }],
    ])('when the request has %s, then 400 invalid_request and Wise is not called', async (_what, body) => {
      const before = upstream().length;
      const response = await create(body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_request');
      expect(upstream().length).toBe(before);
    });

    it('when the email already has a Wise account, then 409 conflict carries NOT_UNIQUE and no Wise text', async () => {
      const response = await create({ user: { email: 'egle.jankauskiene@example.com' } });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'conflict', origin: 'provider', providerError: { status: 409, code: 'NOT_UNIQUE' } });
      expect(JSON.stringify(response.body)).not.toMatch(/already a member|ApiRegisterCommand/);
    });

    it("when Wise refuses a call, then the problem names Wise's x-trace-id, for a ticket to Wise's support", async () => {
      const response = await create({ user: { email: 'egle.jankauskiene@example.com' } });
      expect(response.body.providerError.requestId).toMatch(/^[0-9a-f]{32}$/);
    });

    it('when the registration code cannot be exchanged after signup, then the user is still created and reads of it are forbidden', async () => {
      await get('/v1/users?email=warm.up@example.com');
      simulator.faults.set({ match: { method: 'POST', pathPrefix: '/oauth/token' }, errorRate: 1 });
      const response = await create({ user: { email: 'signup.orphan@example.com' } });
      simulator.faults.clear();
      expect(response.status).toBe(201);
      const read = await get(response.headers.location!);
      expect(read.status).toBe(403);
      expect(read.body.code).toBe('forbidden');
      expect(harness.logs.some((line) => line.includes('its tokens could not be obtained'))).toBe(true);
    });
  });

  describe('provider-only operations', () => {
    const operation = (method: 'get' | 'put' | 'post', path: string) =>
      harness.http[method](`/v1/connections/wise${path}`).set('Authorization', harness.bearer());

    it("when setting and reading a created user's contact email, then that user's own token is used and the address comes back", async () => {
      const created = await create({ user: { email: 'placeholder-4711@example.com' } });
      const path = `/users/${created.body.providerUserId}/contact-email`;
      const set = await operation('put', path).send({ email: 'real.person@example.com' });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({ email: 'real.person@example.com' });
      expect((await operation('get', path)).body).toEqual({ email: 'real.person@example.com' });
    });

    it('when reading a contact email with the personal token, then 403 forbidden (Wise takes OAuth user tokens only there)', async () => {
      const response = await operation('get', '/users/5001/contact-email');
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('forbidden');
    });

    it('when asking whether an email has an account, then exists comes back', async () => {
      const response = await operation('post', '/users/exists').send({ email: 'person@example.com' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ exists: true });
    });

    it('when listing connections, then wise shows exists-mode lookup, no update or delete, and its operations', async () => {
      const response = await get('/v1/connections');
      const described = response.body.data.find((connection: { name: string }) => connection.name === 'wise');
      expect(described.capabilities).toMatchObject({ get: true, lookup: ['email'], lookupMode: 'exists', create: true, update: false, delete: false });
      expect(described.capabilities.operations.map((op: { id: string }) => op.id)).toEqual(['getContactEmail', 'setContactEmail', 'userExists']);
    });
  });

  describe('errors', () => {
    it("when Wise fails inside (its framework's 500 body), then 502 provider_error with only the status", async () => {
      const failing = await startWiseSimulator({ internalErrorPathPrefix: '/v1/users' });
      const local = await startHarness({ connections: [{ adapter: wise, simulator: failing }] });
      try {
        const response = await local.http.get('/v1/users/wise:5001').set('Authorization', local.bearer());
        expect(response.status).toBe(502);
        expect(response.body).toMatchObject({ code: 'provider_error', origin: 'provider', providerError: { status: 500 } });
        expect(response.body.providerError.code).toBeUndefined();
      } finally {
        await local.close();
        await failing.close();
      }
    });
  });
});

describe('Wise rate limits (429 with an empty or a JSON body)', () => {
  // A deadline shorter than Retry-After: the gateway passes the wait on instead of sleeping through it.
  async function secondReadOf(retryAfterSeconds?: number, jsonBody = false) {
    const simulator = await startWiseSimulator({ rateLimit: { perSecond: 1, retryAfterSeconds, jsonBody } });
    const harness = await startHarness({ connections: [{ adapter: wise, simulator, timeouts: { totalMs: 2_000 } }] });
    try {
      await harness.http.get('/v1/users/wise:5001').set('Authorization', harness.bearer());
      return await harness.http.get('/v1/users/wise:5001').set('Authorization', harness.bearer());
    } finally {
      await harness.close();
      await simulator.close();
    }
  }

  it('when Wise sends Retry-After, then 429 rate_limited passes the wait on and names the limiter', async () => {
    const response = await secondReadOf(7);
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body).toMatchObject({ code: 'rate_limited', retryable: true, providerError: { status: 429, code: 'wise-public-api' } });
  });

  // wise-users.openapi.yaml `components/responses/429`: content application/json, schema {type: object}.
  it('when the 429 carries a JSON body, then it is read like the empty one: rate_limited, the limiter named, no provider text', async () => {
    const response = await secondReadOf(7, true);
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body).toMatchObject({ code: 'rate_limited', providerError: { status: 429, code: 'wise-public-api' } });
    expect(JSON.stringify(response.body)).not.toContain('Too many requests');
  });
});

describe('Wise connection edge cases', () => {
  const withCredentials = async (credentials: (own: Record<string, unknown>) => Record<string, unknown>) => {
    const simulator = await startWiseSimulator();
    const harness = await startHarness({ connections: [{ adapter: wise, simulator, credentials: credentials(simulator.credentials) }] });
    const close = async () => {
      await harness.close();
      await simulator.close();
    };
    return { harness, simulator, close };
  };

  it('when the connection has no user token, then reading a user it did not create is 403 without calling Wise', async () => {
    const { harness, simulator, close } = await withCredentials(({ userToken: _dropped, ...rest }) => rest);
    try {
      const response = await harness.http.get('/v1/users/wise:5001').set('Authorization', harness.bearer());
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'forbidden', origin: 'gateway' });
      expect(response.body.detail).toMatch(/no usable Wise user token for user 5001/);
      expect(simulator.requests).toEqual([]);
    } finally {
      await close();
    }
  });

  it('when the connection has no user token, then wise:me is 403 naming the missing configuration', async () => {
    const { harness, close } = await withCredentials(({ userToken: _dropped, ...rest }) => rest);
    try {
      const response = await harness.http.get('/v1/users/wise:me').set('Authorization', harness.bearer());
      expect(response.status).toBe(403);
      expect(response.body.detail).toMatch(/no configured user token/);
    } finally {
      await close();
    }
  });

  it('when Wise refuses the client id and secret, then create is 502 provider_error with invalid_client, not a client 401', async () => {
    const { harness, close } = await withCredentials((own) => ({ ...own, clientSecret: 'wrong' }));
    try {
      const response = await harness.http
        .post('/v1/users')
        .set('Authorization', harness.bearer())
        .send({ connection: 'wise', user: { email: 'someone.new@example.com' } });
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ code: 'provider_error', providerError: { status: 401, code: 'invalid_client' } });
    } finally {
      await close();
    }
  });

  it('when the token encryption key is not 32 bytes, then the config is refused naming the key but not its value', () => {
    const key = randomBytes(16).toString('base64');
    const raw = {
      auth: { jwt: TEST_JWT },
      connections: { wise: { adapter: 'wise', baseUrl: 'https://api.wise.com', credentials: { clientId: 'c', clientSecret: 's', tokenEncryptionKey: key } } },
    };
    let problems: string[] = [];
    try {
      parseConfig(raw, adapters, {});
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual(['connections.wise.credentials.tokenEncryptionKey: must be 32 bytes written as base64 or hex']);
  });
});
