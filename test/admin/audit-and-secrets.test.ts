import type { Response } from 'supertest';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith } from '../support/registry';

const adapter = adapterWith();

/** Every string of a credentials object long enough to be a secret. */
function secretsOf(credentials: Record<string, unknown>): string[] {
  return Object.values(credentials).filter((value): value is string => typeof value === 'string' && value.length >= 6);
}

/**
 * Every change to a connection is one audit line saying who changed which fields of which
 * connection in which tenant; and no credential, in any form, is in a log line, an audit line or
 * an answer, whatever the admin API was sent.
 */
describe('connection changes: audit lines, and secrets nowhere', () => {
  let harness: Harness;
  const answers: Response[] = [];
  const secrets: string[] = [];
  const NAME = 'audited-shop';
  const TENANT = 'merchant-co';

  beforeAll(async () => {
    harness = await startHarness({ store: true, connections: [{ adapter }], logLevel: 'debug' });
    const simulator = harness.simulators[adapter.name]!;
    const other = await adapter.startSimulator();
    await other.close();
    const token = harness.token(['connections:admin', 'users:read'], { subject: 'ops-alice', tenant: TENANT });
    const auth = `Bearer ${token}`;
    const urlPassword = 'pa55word-in-a-url';
    secrets.push(token, token.split('.')[2]!, ...secretsOf(simulator.credentials), ...secretsOf(other.credentials), urlPassword);
    const send = async (request: PromiseLike<Response>) => {
      answers.push(await request);
    };
    const body = { adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options };

    await send(
      harness.http
        .post('/v1/connections')
        .set('Authorization', auth)
        .send({ name: NAME, ...body }),
    );
    await send(
      harness.http
        .post('/v1/connections')
        .set('Authorization', auth)
        .send({ name: 'refused-shop', ...body, credentials: other.credentials }),
    );
    const userinfo = new URL(simulator.baseUrl);
    userinfo.username = 'operator';
    userinfo.password = urlPassword;
    await send(
      harness.http
        .post('/v1/connections')
        .set('Authorization', auth)
        .send({ name: 'userinfo-shop', ...body, baseUrl: userinfo.toString() }),
    );
    const [key] = Object.keys(simulator.credentials);
    await send(
      harness.http
        .post('/v1/connections')
        .set('Authorization', auth)
        .send({ name: 'malformed-shop', ...body, credentials: { [key!]: [urlPassword] } }),
    );
    await send(
      harness.http
        .patch(`/v1/connections/${NAME}`)
        .set('Authorization', auth)
        .send({ timeouts: { totalMs: 15_000 }, enabled: false }),
    );
    await send(harness.http.patch(`/v1/connections/${NAME}`).set('Authorization', auth).send({ credentials: other.credentials }));
    await send(harness.http.patch(`/v1/connections/${NAME}?verify=false`).set('Authorization', auth).send({ credentials: other.credentials }));
    await send(harness.http.post(`/v1/connections/${NAME}/verify`).set('Authorization', auth));
    await send(harness.http.get('/v1/connections').set('Authorization', auth));
    await send(harness.http.get(`/v1/connections/${NAME}`).set('Authorization', auth));
    secrets.push(harness.stored!.catalog.get(TENANT, NAME)!.sealedCredentials);
    await send(harness.http.delete(`/v1/connections/${NAME}`).set('Authorization', auth));
  });
  afterAll(() => harness.close());

  it('when every change has been made, then there is one audit line per change, in order, naming the fields and the actor', () => {
    const lines = harness.audit.filter((line) => typeof line.event === 'string' && line.connection === NAME);
    expect(lines.map(({ event, tenant, actor, fields }) => ({ event, tenant, actor, fields }))).toEqual([
      { event: 'connection.created', tenant: TENANT, actor: 'ops-alice', fields: ['adapter', 'baseUrl', 'credentials', 'options', 'timeouts', 'enabled'] },
      { event: 'connection.updated', tenant: TENANT, actor: 'ops-alice', fields: ['timeouts.totalMs', 'enabled'] },
      { event: 'connection.updated', tenant: TENANT, actor: 'ops-alice', fields: ['credentials'] },
      { event: 'connection.verified', tenant: TENANT, actor: 'ops-alice', fields: ['lastError'] },
      { event: 'connection.credentials_rejected', tenant: TENANT, actor: 'gateway', fields: ['state'] },
      { event: 'connection.deleted', tenant: TENANT, actor: 'ops-alice', fields: [] },
    ]);
  });

  it('when a change is refused (a rotation the provider refused, a create that failed), then it writes no audit line', () => {
    expect(harness.audit.filter((line) => ['refused-shop', 'userinfo-shop', 'malformed-shop'].includes(line.connection as string))).toEqual([]);
  });

  it('when the answers are read, then the refusals are the expected ones', () => {
    expect(answers.map((answer) => answer.status)).toEqual([201, 422, 400, 400, 200, 422, 200, 200, 200, 200, 204]);
  });

  it('when the logs, audit lines and answers are scanned, then no credential, token, sealed blob or password in a URL appears', () => {
    const text = [...harness.logs, ...answers.map((answer) => JSON.stringify({ headers: answer.headers, body: answer.body as unknown }))].join('\n');
    expect(secrets.length).toBeGreaterThan(4);
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  });
});
