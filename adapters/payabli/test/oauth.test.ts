import { adapters } from '../../../adapters';
import { Writable } from 'node:stream';
import { ConfigError, parseConfig } from '../../../src/config/load';
import { runContract } from '../../../src/contract/run';
import { createLogger } from '../../../src/logging/logger';
import { startHarness, type Harness } from '../../../test/support/harness';
import { payabli } from '..';
import { startPayabliSimulator, type PayabliSimulatorStartOptions, type RunningPayabliSimulator } from '../simulator/server';

/**
 * Payabli's server-side OAuth token (C# sdk 1.0.9 `Token/TokenClient.cs`: `POST v2/Token/serverside`,
 * JSON `{clientId, clientSecret}` → `{token_type, access_token, expires_in}`; 1.0.11 `OAuthTokenProvider.cs`
 * sends it as `Authorization: Bearer`), through the provider kit's client-credentials token.
 */
describe('Payabli connection with an OAuth client (client credentials)', () => {
  let simulator: RunningPayabliSimulator;
  let harness: Harness;
  async function start(options: PayabliSimulatorStartOptions = {}, credentials?: Record<string, unknown>) {
    simulator = await startPayabliSimulator({ auth: 'clientCredentials', ...options });
    harness = await startHarness({ connections: [{ adapter: payabli, simulator, ...(credentials && { credentials }) }] });
  }
  afterEach(async () => {
    await harness.close();
    await simulator.close();
  });
  const read = (id = '1001') => harness.http.get(`/v1/users/payabli:${id}`).set('Authorization', harness.bearer());
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('when users are read one after another, then one bearer token serves them all', async () => {
    await start();
    for (const id of ['1001', '1003', '1004']) expect((await read(id)).status).toBe(200);
    expect(simulator.oauth.events).toEqual(['issued']);
    expect(simulator.requests.map(({ method, path }) => `${method} ${path}`)[0]).toBe('POST /api/v2/Token/serverside');
  });

  it('when reads run concurrently before any token exists, then one token request serves them all', async () => {
    await start();
    const responses = await Promise.all(Array.from({ length: 6 }, () => read()));
    expect(responses.map((response) => response.status)).toEqual(Array(6).fill(200));
    expect(simulator.oauth.events).toEqual(['issued']);
  });

  it('when the token is about to expire, then another is bought before use and Payabli never refuses one', async () => {
    await start({ bearerTokenLifetimeMs: 300 });
    expect((await read()).status).toBe(200);
    await sleep(280);
    expect((await read()).status).toBe(200);
    expect(simulator.oauth.events).toEqual(['issued', 'issued']);
  });

  it('when Payabli refuses the token early (revoked), then one new token is bought and the call succeeds', async () => {
    await start();
    await read();
    simulator.oauth.revokeAll();
    expect((await read()).status).toBe(200);
    expect(simulator.oauth.events).toEqual(['issued', 'rejected-token', 'issued']);
  });

  it('when a user is created, updated and deleted, then each write goes with the bearer token', async () => {
    await start();
    const created = await harness.http
      .post('/v1/users')
      .set('Authorization', harness.bearer())
      .send({ connection: 'payabli', user: { email: 'bearer.user@example.com' }, password: 'Secret-Password-22' });
    expect(created.status).toBe(201);
    const patched = await harness.http.patch(`/v1/users/${created.body.id}`).set('Authorization', harness.bearer()).send({ locale: 'en' });
    expect(patched.body.locale).toBe('en');
    expect((await harness.http.delete(`/v1/users/${created.body.id}`).set('Authorization', harness.bearer())).status).toBe(204);
    expect(simulator.oauth.events).toEqual(['issued']);
  });

  it("when Payabli refuses the connection's client secret, then 502 provider_error, and neither the secret nor a token reaches the client", async () => {
    await start({}, { clientId: 'sim_unknown', clientSecret: 'not-the-secret' });
    const response = await read();
    expect(response.status).toBe(502);
    expect(response.body).toMatchObject({ code: 'provider_error', providerError: { status: 400 } });
    expect(response.text).not.toContain('not-the-secret');
    expect(simulator.oauth.events).toEqual(['refused-client']);
  });

  it('when the answers reach the client, then no bearer token Payabli issued is in them', async () => {
    await start();
    const response = await read();
    for (const token of simulator.oauth.issuedTokens()) expect(response.text).not.toContain(token);
  });
});

describe('Payabli connection credentials', () => {
  const problemsOf = (credentials: Record<string, unknown>) => {
    const config = {
      auth: { jwt: { secret: 'x'.repeat(32), audience: 'a', issuer: 'i' } },
      connections: { payabli: { adapter: 'payabli', baseUrl: 'https://api-sandbox.payabli.com/api', credentials } },
    };
    try {
      parseConfig(config, adapters, {});
    } catch (error) {
      return (error as ConfigError).problems;
    }
    return [];
  };

  it('when the credentials are a requestToken, or a client id with its secret, then the connection is valid', () => {
    expect(problemsOf({ requestToken: 'app-token' })).toEqual([]);
    expect(problemsOf({ clientId: 'client', clientSecret: 'secret' })).toEqual([]);
  });

  it('when the credentials hold both forms, then the config is refused without their values', () => {
    const problems = problemsOf({ requestToken: 'app-token', clientId: 'client', clientSecret: 'very-secret-value' });
    expect(problems).toEqual(['connections.payabli.credentials: must have requestToken or clientId and clientSecret, not both']);
  });

  it('when a client id comes without its secret, or nothing is given, then the config is refused', () => {
    expect(problemsOf({ clientId: 'client' })).toHaveLength(1);
    expect(problemsOf({})).toEqual(['connections.payabli.credentials: must have requestToken, or clientId and clientSecret']);
  });
});

describe('usergate contract for a Payabli connection', () => {
  const quiet = createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
  it.each([
    ['requestToken', ['GET /Query/users/org/{orgId}', 'GET /User/{userId}', 'GET /Query/users/org/{orgId}?email(eq)=', 'GET /User/{userId} (unknown)']],
    [
      'clientCredentials',
      [
        'POST /v2/Token/serverside',
        'GET /Query/users/org/{orgId}',
        'GET /User/{userId}',
        'GET /Query/users/org/{orgId}?email(eq)=',
        'GET /User/{userId} (unknown)',
      ],
    ],
  ] as const)('when the connection has %s credentials, then every check that belongs to them passes', async (auth, checks) => {
    const simulator = await startPayabliSimulator({ auth });
    try {
      const report = await runContract({
        connection: 'payabli',
        adapter: payabli,
        baseUrl: simulator.baseUrl,
        target: { credentials: simulator.credentials, options: simulator.options },
        timeoutMs: 5_000,
        logger: quiet,
      });
      expect(report.results.map((result) => [result.name, result.outcome])).toEqual(checks.map((name) => [name, 'passed']));
    } finally {
      await simulator.close();
    }
  });
});
