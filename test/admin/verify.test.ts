import { adapters } from '../../adapters';
import type { AdapterDefinition, RunningSimulator } from '../../src/connections/adapter';
import { startHarness, type Harness } from '../support/harness';

/** Every string of a credentials object long enough to be a secret. */
function secretsOf(credentials: Record<string, unknown>): string[] {
  return Object.values(credentials).filter((value): value is string => typeof value === 'string' && value.length >= 6);
}

/**
 * Creating or rotating checks the credentials live with the call each adapter declares
 * (`verifies` in its contract declaration), against every adapter's simulator. Wrong credentials
 * are another simulator's: well-formed, and unknown to this one.
 */
describe.each(adapters.map((adapter) => [adapter.name, adapter] as const))('verifying credentials at %s', (_name, adapter: AdapterDefinition) => {
  let harness: Harness;
  let simulator: RunningSimulator;
  let wrong: Record<string, unknown>;
  let created = 0;
  const admin = () => harness.bearer(['connections:admin']);
  const fresh = () => `${adapter.name}-merchant-${(created += 1)}`;
  const body = (name: string, credentials: Record<string, unknown>) => ({
    name,
    adapter: adapter.name,
    baseUrl: simulator.baseUrl,
    credentials,
    options: simulator.options,
  });

  beforeAll(async () => {
    harness = await startHarness({ store: true, connections: [{ adapter }] });
    simulator = harness.simulators[adapter.name]!;
    const other = await adapter.startSimulator();
    wrong = other.credentials;
    await other.close();
  });
  afterAll(() => harness.close());

  it('when the credentials are good, then 201, checked with a call to the provider, and lastVerifiedAt says when', async () => {
    const calls = simulator.requests.length;
    const response = await harness.http.post('/v1/connections').set('Authorization', admin()).send(body(fresh(), simulator.credentials));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ state: 'active', lastVerifiedAt: expect.any(String) });
    expect(simulator.requests.length).toBeGreaterThan(calls);
  });

  it('when the provider refuses them, then 422 credentials_refused says what it answered, never the credentials, and nothing is stored', async () => {
    const name = fresh();
    const response = await harness.http.post('/v1/connections').set('Authorization', admin()).send(body(name, wrong));
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'credentials_refused', origin: 'provider', providerError: { status: expect.any(Number) } });
    expect(response.body.providerError.status).toBeGreaterThanOrEqual(400);
    for (const secret of secretsOf(wrong)) expect(JSON.stringify(response.body)).not.toContain(secret);
    expect(harness.stored!.catalog.get('default', name)).toBeUndefined();
  });

  it('when verify=false, then they are stored without any call to the provider', async () => {
    const calls = simulator.requests.length;
    const response = await harness.http.post('/v1/connections?verify=false').set('Authorization', admin()).send(body(fresh(), wrong));
    expect(response.status).toBe(201);
    expect(response.body.lastVerifiedAt).toBeNull();
    expect(simulator.requests.length).toBe(calls);
  });

  it('when refused credentials are verified, then ok false with the provider’s status, and the connection is credentials_rejected until a good rotation', async () => {
    const name = fresh();
    await harness.http.post('/v1/connections?verify=false').set('Authorization', admin()).send(body(name, wrong));

    const verified = await harness.http.post(`/v1/connections/${name}/verify`).set('Authorization', admin());
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: false, checkedAt: expect.any(String), error: { providerError: { status: expect.any(Number) } } });
    const read = await harness.http.get(`/v1/connections/${name}`).set('Authorization', admin());
    expect(read.body).toMatchObject({ state: 'credentials_rejected', lastError: { status: verified.body.error.providerError.status } });

    const rotated = await harness.http.patch(`/v1/connections/${name}`).set('Authorization', admin()).send({ credentials: simulator.credentials });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ state: 'active', lastError: null, lastVerifiedAt: expect.any(String) });
  });

  it('when a rotation is refused, then 422 and the credentials stay as they were', async () => {
    const name = fresh();
    const before = (await harness.http.post('/v1/connections').set('Authorization', admin()).send(body(name, simulator.credentials))).body as {
      credentials: { fingerprint: string };
    };
    const rotated = await harness.http.patch(`/v1/connections/${name}`).set('Authorization', admin()).send({ credentials: wrong });
    expect(rotated.status).toBe(422);
    expect(harness.stored!.catalog.get('default', name)?.credentialsFingerprint).toBe(before.credentials.fingerprint);
  });

  it('when good credentials are verified, then ok true and lastVerifiedAt moves on', async () => {
    const name = fresh();
    await harness.http.post('/v1/connections?verify=false').set('Authorization', admin()).send(body(name, simulator.credentials));
    const verified = await harness.http.post(`/v1/connections/${name}/verify`).set('Authorization', admin());
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ ok: true, checkedAt: expect.any(String) });
    expect(harness.stored!.catalog.get('default', name)?.lastVerifiedAt).toBe(verified.body.checkedAt);
  });

  it('when the declared connection is verified, then its config-file credentials are checked the same way', async () => {
    const verified = await harness.http.post(`/v1/connections/${adapter.name}/verify`).set('Authorization', admin());
    expect(verified.body).toEqual({ ok: true, checkedAt: expect.any(String) });
  });
});

describe('the registry’s verification declarations', () => {
  it.each(adapters.map((adapter) => [adapter.name, adapter] as const))(
    '%s marks at least one contract check as the one that verifies credentials',
    (_name, adapter) => {
      expect(adapter.contract?.checks.some((check) => check.verifies)).toBe(true);
      expect(adapter.contract?.readError).toBeDefined();
    },
  );
});
