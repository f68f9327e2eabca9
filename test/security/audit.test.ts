import { patchedFields } from '../../src/canonical/input';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, newUserRequest, personId } from '../support/registry';

/** An adapter that creates users and finds them by email: everything audited below happens there. */
const adapter = adapterWith({ create: true, update: true, lookup: 'email' });
const PERSON = personId(adapter);

describe('audit trail', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter }] });
  });
  afterAll(() => harness.close());
  const lastAudit = () => harness.audit.at(-1)!;

  it('when a user is read, then who, which user, which personal fields and the request id are recorded', async () => {
    const response = await harness.http
      .get(`/v1/users/${encodeURIComponent(PERSON)}`)
      .set('Authorization', harness.bearer(['users:read'], { subject: 'ops-alice' }));
    expect(lastAudit()).toMatchObject({
      log: 'audit',
      message: 'audit',
      action: 'user.read',
      client: 'ops-alice',
      requestId: response.headers['x-request-id'],
      connections: [adapter.name],
      userIds: [PERSON],
      fields: expect.arrayContaining(['email', 'phone', 'name']),
      outcome: 'ok',
      timestamp: expect.any(String),
    });
  });

  it('when users are searched, then the key searched by is recorded but never its value', async () => {
    await harness.http.get('/v1/users?email=egle.jankauskiene@example.com').set('Authorization', harness.bearer());
    expect(lastAudit()).toMatchObject({ action: 'user.search', searchedBy: 'email', userIds: expect.arrayContaining([PERSON]) });
    expect(JSON.stringify(lastAudit())).not.toContain('egle');
  });

  it('when a write is refused for lack of scope, then the denial is recorded', async () => {
    await harness.http
      .patch(`/v1/users/${encodeURIComponent(PERSON)}`)
      .set('Authorization', harness.bearer(['users:read'], { subject: 'ops-bob' }))
      .send({ name: { given: 'X' } });
    expect(lastAudit()).toMatchObject({
      action: 'user.update',
      client: 'ops-bob',
      userIds: [PERSON],
      fields: ['name.given'],
      outcome: 'denied',
      status: 403,
    });
  });

  it('when a user is created, then the new id and the fields written are recorded', async () => {
    await harness.http.post('/v1/users').set('Authorization', harness.bearer()).send(newUserRequest(adapter, 'audited.new@example.com'));
    expect(lastAudit()).toMatchObject({
      action: 'user.create',
      outcome: 'ok',
      fields: patchedFields(newUserRequest(adapter).user),
      userIds: [expect.stringMatching(new RegExp(`^${adapter.name}:.+$`))],
    });
  });

  it('when the audit records are scanned, then they hold no personal data', () => {
    const text = JSON.stringify(harness.audit);
    expect(text).not.toMatch(/@|\+370|Eglė|48804120123|1988-04-12/);
  });
});
