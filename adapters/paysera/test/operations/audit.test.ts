import { startHarness, type Harness } from '../../../../test/support/harness';
import { paysera } from '../..';

describe('Paysera provider-only operations in the audit trail', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter: paysera }] });
  });
  afterAll(() => harness.close());

  it('when a provider-only operation reads personal data, then it is recorded with the user it touched', async () => {
    await harness.http.get('/v1/connections/paysera/users/1001/email').set('Authorization', harness.bearer(['users:read'], { subject: 'ops-carol' }));
    expect(harness.audit.at(-1)).toMatchObject({ action: 'operation.paysera.getUserEmail', client: 'ops-carol', userIds: ['paysera:1001'], outcome: 'ok' });
  });
});
