import axios from 'axios';
import { startWiseSimulator, type RunningWiseSimulator } from '../simulator/server';

describe('Wise simulator', () => {
  let simulator: RunningWiseSimulator;
  let basic: string;
  beforeAll(async () => {
    simulator = await startWiseSimulator({ userTokenLifetimeMs: 200 });
    const { clientId, clientSecret } = simulator.credentials as { clientId: string; clientSecret: string };
    basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  });
  afterAll(() => simulator.close());

  const send = (
    method: string,
    path: string,
    options: { authorization?: string; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ) =>
    axios.request({
      method,
      url: `${simulator.baseUrl}${path}`,
      data: options.form ? new URLSearchParams(options.form).toString() : options.json,
      headers: { ...(options.authorization && { authorization: options.authorization }), ...options.headers },
      validateStatus: () => true,
    });
  const token = async (form: Record<string, string>) => (await send('POST', '/oauth/token', { authorization: basic, form })).data;
  const bearer = (accessToken: string) => `Bearer ${accessToken}`;
  const signUp = async (email: string, registrationCode = 'r'.repeat(32)) => {
    const { access_token: clientToken } = await token({ grant_type: 'client_credentials' });
    const created = await send('POST', '/v1/user/signup/registration_code', { authorization: bearer(clientToken), json: { email, registrationCode } });
    const { clientId } = simulator.credentials as { clientId: string };
    return {
      user: created.data,
      tokens: await token({ grant_type: 'registration_code', client_id: clientId, email, registration_code: registrationCode }),
      clientToken,
    };
  };

  it('when the token endpoint gets no client credentials, then 401 invalid_client in the OAuth error shape', async () => {
    const response = await send('POST', '/oauth/token', { form: { grant_type: 'client_credentials' } });
    expect(response.status).toBe(401);
    expect(response.data).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  // api-evangelist/wise openapi/wise-oauth-token-api-openapi.yml `token-response` (fixtures/README.md).
  it('when a client-credentials token is issued, then it has expires_in and expires_at, and no refresh token nor created_at', async () => {
    const issued = await token({ grant_type: 'client_credentials' });
    expect(issued).toMatchObject({ access_token: expect.any(String), token_type: 'bearer', expires_in: 43200, expires_at: expect.any(String) });
    expect(Date.parse(issued.expires_at) - Date.now()).toBeGreaterThan(43_100_000);
    expect(issued.refresh_token).toBeUndefined();
    expect(issued.created_at).toBeUndefined();
  });

  it("when a user signs up and its code is exchanged, then the answer has the spec's user-grant fields, created_at with five fractional digits", async () => {
    const { tokens } = await signUp('sim.fields@example.com');
    expect(tokens).toMatchObject({
      expires_in: expect.any(Number),
      expires_at: expect.stringMatching(/Z$/),
      refresh_token: expect.any(String),
      refresh_token_expires_in: expect.any(Number),
      refresh_token_expires_at: expect.stringMatching(/Z$/),
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{5}Z$/),
    });
  });

  it('when a user signs up, then Wise answers with name and details null', async () => {
    const { user } = await signUp('sim.new@example.com');
    expect(user).toEqual({ id: expect.any(Number), name: null, email: 'sim.new@example.com', active: true, details: null });
  });

  it('when the registration code is wrong, then 401 invalid_grant', async () => {
    await signUp('sim.code@example.com');
    const { clientId } = simulator.credentials as { clientId: string };
    const response = await send('POST', '/oauth/token', {
      authorization: basic,
      form: { grant_type: 'registration_code', client_id: clientId, email: 'sim.code@example.com', registration_code: 'x'.repeat(32) },
    });
    expect(response.status).toBe(401);
    expect(response.data.error).toBe('invalid_grant');
  });

  it('when a user token is refreshed, then the previous access token stops working and the new one works', async () => {
    const { user, tokens } = await signUp('sim.refresh@example.com');
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect((await send('GET', `/v1/users/${user.id}`, { authorization: bearer(tokens.access_token) })).data.error).toBe('invalid_token');
    expect((await send('GET', `/v1/users/${user.id}`, { authorization: bearer(refreshed.access_token) })).status).toBe(200);
  });

  it('when a user token has expired, then 401 invalid_token', async () => {
    const { user, tokens } = await signUp('sim.expired@example.com');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const response = await send('GET', `/v1/users/${user.id}`, { authorization: bearer(tokens.access_token) });
    expect(response.status).toBe(401);
    expect(response.data).toEqual({ error: 'invalid_token', error_description: 'Access token expired' });
  });

  it('when an operation gets the wrong kind of token, then 403 access_denied', async () => {
    const { user, tokens, clientToken } = await signUp('sim.kinds@example.com');
    expect((await send('GET', `/v1/users/${user.id}`, { authorization: bearer(clientToken) })).status).toBe(403);
    const exists = await send('POST', '/v1/users/exists', { authorization: bearer(tokens.access_token), json: { email: 'x@example.com' } });
    expect(exists.status).toBe(403);
    expect(exists.data.error).toBe('access_denied');
  });

  it('when the user does not exist, then 404 in the errors[] shape', async () => {
    const response = await send('GET', '/v1/users/424242', { authorization: bearer((simulator.credentials as { userToken: string }).userToken) });
    expect(response.status).toBe(404);
    expect(response.data).toEqual({ errors: [{ code: 'NOT_FOUND', message: expect.any(String), path: 'userId', arguments: ['userId', '424242'] }] });
  });

  it('when a signup registration code is shorter than 32 characters, then 400 names registrationCode in the errors[] shape', async () => {
    const { access_token: clientToken } = await token({ grant_type: 'client_credentials' });
    const response = await send('POST', '/v1/user/signup/registration_code', {
      authorization: bearer(clientToken),
      json: { email: 'a@example.com', registrationCode: 'short' },
    });
    expect(response.status).toBe(400);
    expect(response.data.errors[0]).toMatchObject({ code: 'NOT_VALID', path: 'registrationCode' });
  });

  it('when the route is unknown, then 404 in the framework shape, with a trace id and the correlation id echoed', async () => {
    const response = await send('GET', '/v2/nothing', { headers: { 'X-External-Correlation-Id': 'f47ac10b-58cc-4372-a567-0e02b2c3d479' } });
    expect(response.status).toBe(404);
    expect(response.data).toEqual({ timestamp: expect.any(String), status: 404, error: 'Not Found', message: expect.any(String), path: '/v2/nothing' });
    expect(response.headers['x-trace-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers['x-external-correlation-id']).toBe('f47ac10b-58cc-4372-a567-0e02b2c3d479');
  });
});

describe('Wise simulator rate limit', () => {
  it.each([
    ['with Retry-After when configured', 3, '3'],
    ['without Retry-After otherwise', undefined, undefined],
  ])('when over the limit, then 429 with an empty body, X-Rate-Limited-By and %s', async (_what, retryAfterSeconds, header) => {
    const simulator = await startWiseSimulator({ rateLimit: { perSecond: 2, retryAfterSeconds } });
    try {
      const statuses = [];
      let last;
      for (let i = 0; i < 3; i += 1) {
        last = await axios.get(`${simulator.baseUrl}/v1/me`, { validateStatus: () => true, responseType: 'text' });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 429]);
      expect(last!.data).toBe('');
      expect(last!.headers['x-rate-limited-by']).toBe('wise-public-api');
      expect(last!.headers['retry-after']).toBe(header);
    } finally {
      await simulator.close();
    }
  });

  it('when configured to, then the 429 carries a JSON object, as the spec declares', async () => {
    const simulator = await startWiseSimulator({ rateLimit: { perSecond: 1, jsonBody: true } });
    try {
      await axios.get(`${simulator.baseUrl}/v1/me`, { validateStatus: () => true });
      const limited = await axios.get(`${simulator.baseUrl}/v1/me`, { validateStatus: () => true });
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/json/);
      expect(limited.data).toEqual({ errors: [{ code: 'TOO_MANY_REQUESTS', message: expect.any(String) }] });
    } finally {
      await simulator.close();
    }
  });
});
