import { startHarness, type Harness } from '../support/harness';
import { adapterWith } from '../support/registry';

/** DESIGN §8: which tenant a request acts in, and who may choose it with `Usergate-Tenant`. */
describe('the tenant of a request', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter: adapterWith() }] });
  });
  afterAll(() => harness.close());

  const list = (authorization: string, tenant?: string) => {
    const request = harness.http.get('/v1/connections').set('Authorization', authorization);
    return tenant === undefined ? request : request.set('Usergate-Tenant', tenant);
  };

  it('when a token without a tenants claim names another tenant, then it is refused with 403', async () => {
    const response = await list(harness.bearer(), 'acme');
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'forbidden' });
  });

  it('when a tenant token names another tenant, then it is refused with 403', async () => {
    expect((await list(harness.bearer('all', { tenant: 'acme' }), 'globex')).status).toBe(403);
  });

  it('when a tenant token names its own tenant, then the request goes on', async () => {
    expect((await list(harness.bearer('all', { tenant: 'acme' }), 'acme')).status).toBe(200);
  });

  it('when a token without a tenant claim names default, then the request goes on', async () => {
    expect((await list(harness.bearer(), 'default')).status).toBe(200);
  });

  it('when a token lists the tenant it names, then the request goes on', async () => {
    expect((await list(harness.bearer('all', { tenants: ['acme', 'globex'] }), 'globex')).status).toBe(200);
  });

  it('when a token lists other tenants than the one it names, then it is refused with 403', async () => {
    expect((await list(harness.bearer('all', { tenants: ['acme'] }), 'globex')).status).toBe(403);
  });

  it('when a token may pick every tenant, then it may name any', async () => {
    expect((await list(harness.bearer('all', { tenants: ['*'] }), 'initech')).status).toBe(200);
  });

  it('when the header is not a tenant id, then it is a 400 naming the header', async () => {
    const response = await list(harness.bearer('all', { tenants: ['*'] }), 'Not A Tenant');
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('Usergate-Tenant');
  });
});
