import { startHarness, type Harness } from '../support/harness';

describe('audit trail', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());
  const lastAudit = () => harness.audit.at(-1)!;

  it('when a user is read, then who, which user, which personal fields and the request id are recorded', async () => {
    const response = await harness.http.get('/v1/users/paysera:1001').set('Authorization', harness.bearer(['users:read'], { subject: 'ops-alice' }));
    expect(lastAudit()).toMatchObject({
      log: 'audit',
      message: 'audit',
      action: 'user.read',
      client: 'ops-alice',
      requestId: response.headers['x-request-id'],
      connections: ['paysera'],
      userIds: ['paysera:1001'],
      fields: ['email', 'phone', 'name', 'gender', 'nationality'],
      outcome: 'ok',
      timestamp: expect.any(String),
    });
  });

  it('when users are searched, then the key searched by is recorded but never its value', async () => {
    await harness.http.get('/v1/users?email=egle.jankauskiene@example.com').set('Authorization', harness.bearer());
    expect(lastAudit()).toMatchObject({ action: 'user.search', searchedBy: 'email', userIds: expect.arrayContaining(['paysera:1001']) });
    expect(JSON.stringify(lastAudit())).not.toContain('egle');
  });

  it('when a write is refused for lack of scope, then the denial is recorded', async () => {
    await harness.http
      .patch('/v1/users/paysera:1007')
      .set('Authorization', harness.bearer(['users:read'], { subject: 'ops-bob' }))
      .send({ name: { given: 'X' } });
    expect(lastAudit()).toMatchObject({
      action: 'user.update',
      client: 'ops-bob',
      userIds: ['paysera:1007'],
      fields: ['name.given'],
      outcome: 'denied',
      status: 403,
    });
  });

  it('when a user is created, then the new id and the fields written are recorded', async () => {
    await harness.http
      .post('/v1/users')
      .set('Authorization', harness.bearer())
      .send({ connection: 'paysera', user: { email: 'audited.new@example.com', phone: '+37069900077' }, password: 'secretPassword22' });
    expect(lastAudit()).toMatchObject({ action: 'user.create', outcome: 'ok', fields: ['email', 'phone'], userIds: [expect.stringMatching(/^paysera:\d+$/)] });
  });

  it('when a provider-only operation reads personal data, then it is recorded with the user it touched', async () => {
    await harness.http.get('/v1/connections/paysera/users/1001/email').set('Authorization', harness.bearer(['users:read'], { subject: 'ops-carol' }));
    expect(lastAudit()).toMatchObject({ action: 'operation.paysera.getUserEmail', client: 'ops-carol', userIds: ['paysera:1001'], outcome: 'ok' });
  });

  it('when the audit records are scanned, then they hold no personal data', () => {
    const text = JSON.stringify(harness.audit);
    expect(text).not.toMatch(/@|\+370|Eglė|48804120123|1988-04-12/);
  });
});
