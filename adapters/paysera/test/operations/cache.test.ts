import { startHarness, type Harness } from '../../../../test/support/harness';
import { paysera } from '../..';

describe('Paysera provider-only operations and the read cache', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ redis: true, cache: { enabled: true, softTtlSeconds: 60 }, connections: [{ adapter: paysera }] });
  });
  afterAll(() => harness.close());

  it("when a provider-only operation writes to a user, then that user's cached copies are dropped too", async () => {
    await harness.http.get('/v1/users/paysera:1004').set('Authorization', harness.bearer());
    const changed = await harness.http
      .put('/v1/connections/paysera/users/1004/identity')
      .set('Authorization', harness.bearer())
      .send({ name: { given: 'Zoey', family: 'Ångström' }, nationality: 'SE' });
    expect(changed.status).toBe(200);
    const after = await harness.http.get('/v1/users/paysera:1004').set('Authorization', harness.bearer());
    expect(after.headers['cache-status']).toContain('fwd=miss');
    expect(after.body.name.given).toBe('Zoey');
  });
});
