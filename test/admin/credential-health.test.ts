import { callConnection } from '../../src/connections/call';
import { withCredentialHealth, refusesCredentials } from '../../src/connections/health';
import { openConnection, type Connection } from '../../src/connections/registry';
import { GatewayError } from '../../src/errors';
import { createLogger } from '../../src/logging/logger';
import { Metrics } from '../../src/observability/metrics';
import { KeyRing } from '../../src/secrets/key-ring';
import { MemoryStore } from '../../src/storage/store';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith } from '../support/registry';
import { eventually } from '../support/stores';

const adapter = adapterWith();

/**
 * A stored connection whose provider starts refusing the gateway's credentials: the client hears
 * 502 as before, and the connection is `credentials_rejected` (API, metric, one audit line) until
 * a verify or a rotation succeeds. Served through `callConnection`, the path every call takes.
 */
describe('the health of a stored connection’s credentials', () => {
  let harness: Harness;
  let refused: Connection;
  const NAME = 'merchant-7';
  const admin = () => harness.bearer(['connections:admin']);
  const state = async () => (await harness.http.get(`/v1/connections/${NAME}`).set('Authorization', admin())).body as Record<string, unknown>;
  const gauge = async (which: string) => {
    const text = await harness.gateway.metrics.registry.metrics();
    return Number(new RegExp(`^usergate_stored_connections\\{state="${which}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
  };
  const readThrough = (connection: Connection) =>
    callConnection(connection, { signal: new AbortController().signal, requestId: 'health-test' }, (call) =>
      connection.provider.getUser!(adapter.demo.personId, call),
    );

  beforeAll(async () => {
    harness = await startHarness({ store: true, connections: [{ adapter }] });
    const simulator = harness.simulators[adapter.name]!;
    const created = await harness.http
      .post('/v1/connections')
      .set('Authorization', admin())
      .send({ name: NAME, adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options });
    expect(created.status).toBe(201);
    // The same connection once the provider no longer takes its credentials (revoked there): another simulator's.
    const other = await adapter.startSimulator();
    await other.close();
    const quiet = createLogger({ level: 'error' });
    const settings = harness.gateway.connections.get(adapter.name)!.config;
    const opened = openConnection(
      NAME,
      adapter,
      { ...settings, credentials: other.credentials, retries: 0 },
      {
        store: new MemoryStore(),
        logger: quiet,
        metrics: new Metrics(),
        keyRing: KeyRing.parse(KeyRing.generateEntry('test')),
      },
    );
    refused = withCredentialHealth(opened, harness.gateway.credentialHealth!);
  });
  afterAll(() => harness.close());

  it('when the provider refuses the credentials on calls, then the client still gets 502 provider_error with the provider’s status', async () => {
    const failure = await readThrough(refused).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayError);
    expect(failure).toMatchObject({ code: 'provider_error', origin: 'provider', providerError: { status: 401 } });
  });

  it('then the connection is credentials_rejected with the time, in the API and the metric, and audited once', async () => {
    await Promise.all([readThrough(refused), readThrough(refused)].map((call) => call.catch(() => undefined)));
    await eventually(() => harness.stored!.catalog.get('default', NAME)?.credentialsRejectedAt !== null, 5_000, 'marked rejected');
    expect(await state()).toMatchObject({ state: 'credentials_rejected', lastError: { code: 'credentials_rejected', status: 401, at: expect.any(String) } });
    expect(await gauge('credentials_rejected')).toBe(1);
    const lines = harness.audit.filter((line) => line.event === 'connection.credentials_rejected');
    expect(lines).toEqual([expect.objectContaining({ tenant: 'default', connection: NAME, actor: 'gateway', fields: ['state'] })]);
  });

  it('when the metric is read, then it counts connections by state and names none', async () => {
    const text = await harness.gateway.metrics.registry.metrics();
    const lines = text.split('\n').filter((line) => line.startsWith('usergate_stored_connections{'));
    expect(lines.every((line) => /^usergate_stored_connections\{state="[a-z_]+"\} \d+$/.test(line))).toBe(true);
    expect(text).not.toContain(NAME);
  });

  it('when a verify succeeds, then the mark is cleared', async () => {
    const verified = await harness.http.post(`/v1/connections/${NAME}/verify`).set('Authorization', admin());
    expect(verified.body.ok).toBe(true);
    expect(await state()).toMatchObject({ state: 'active', lastError: null });
    expect(await gauge('credentials_rejected')).toBe(0);
  });

  it('when a rotation succeeds, then a new mark is cleared too', async () => {
    await readThrough(refused).catch(() => undefined);
    await eventually(() => harness.stored!.catalog.get('default', NAME)?.credentialsRejectedAt !== null, 5_000, 'marked rejected again');
    const rotated = await harness.http
      .patch(`/v1/connections/${NAME}`)
      .set('Authorization', admin())
      .send({ credentials: harness.simulators[adapter.name]!.credentials });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ state: 'active', lastError: null });
  });
});

describe('the health of a stored connection served through the API', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ store: true, connections: [{ adapter }] });
  });
  afterAll(() => harness.close());

  it('when a read through a stored connection is refused by the provider, then the client gets 502 and the connection shows credentials_rejected', async () => {
    const simulator = harness.simulators[adapter.name]!;
    const other = await adapter.startSimulator();
    await other.close();
    const admin = harness.bearer(['connections:admin']);
    const created = await harness.http
      .post('/v1/connections?verify=false')
      .set('Authorization', admin)
      .send({ name: 'revoked', adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: other.credentials, options: simulator.options });
    expect(created.status).toBe(201);

    const read = await harness.http.get(`/v1/users/revoked:${encodeURIComponent(adapter.demo.personId)}`).set('Authorization', harness.bearer(['users:read']));
    expect(read.status).toBe(502);
    expect(read.body).toMatchObject({ code: 'provider_error', providerError: { status: 401 } });
    await eventually(() => harness.stored!.catalog.get('default', 'revoked')?.credentialsRejectedAt !== null, 5_000, 'marked rejected');
    const shown = await harness.http.get('/v1/connections/revoked').set('Authorization', admin);
    expect(shown.body).toMatchObject({ state: 'credentials_rejected', lastError: { status: 401 } });
  });
});

describe('which failures say the credentials were refused', () => {
  const provider = (status: number, code: 'provider_error' | 'forbidden') =>
    new GatewayError(code, 'refused', { origin: 'provider', providerError: { status } });

  it.each([
    ['a 401', provider(401, 'provider_error'), true],
    ['a 403 read as a refusal of the connection', provider(403, 'provider_error'), true],
    ['a 403 for one resource out of reach (another user’s record)', provider(403, 'forbidden'), false],
    ['a 404', new GatewayError('user_not_found', 'none', { origin: 'provider', providerError: { status: 404 } }), false],
    ['the gateway’s own 403', new GatewayError('forbidden', 'no scope'), false],
  ])('when it is %s, then it says so only when it is about the credentials', (_what, error, expected) => {
    expect(refusesCredentials(error)).toBe(expected);
  });
});
