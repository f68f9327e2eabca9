import { startHarness, type Harness } from '../support/harness';

describe('scopes and projection', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ cache: { enabled: true, softTtlSeconds: 60 } });
  });
  afterAll(() => harness.close());
  const get = (id: string, scopes: Parameters<Harness['bearer']>[0], extra?: Parameters<Harness['bearer']>[1]) =>
    harness.http.get(`/v1/users/${id}`).set('Authorization', harness.bearer(scopes, extra));

  it('when the client has users:read only, then nationalId, dateOfBirth and address are null and everything else is there', async () => {
    const full = await get('paysera:221', ['users:read', 'users:pii']);
    const limited = await get('paysera:221', ['users:read']);
    expect(full.body).toMatchObject({ nationalId: '31001230000', dateOfBirth: '1910-01-23', address: { city: 'Vilnius' } });
    expect(limited.body).toEqual({ ...full.body, nationalId: null, dateOfBirth: null, address: null });
  });

  it.each([
    ['post', '/v1/users', { connection: 'paysera', user: { email: 'x@example.com' } }],
    ['patch', '/v1/users/paysera:1001', { name: { given: 'X' } }],
    ['delete', '/v1/users/paysera:1001', undefined],
  ] as const)('when %s %s is sent without users:write, then 403', async (method, path, body) => {
    const request = harness.http[method](path).set('Authorization', harness.bearer(['users:read', 'users:pii']));
    const response = await (body ? request.send(body) : request);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
  });

  it('when a write token has no users:read, then it cannot read', async () => {
    expect((await get('paysera:1001', ['users:write'])).status).toBe(403);
  });

  it('when the connections claim leaves a connection out, then it does not exist for the token, even for a user already in the cache', async () => {
    expect((await get('paysera:1001', 'all')).status).toBe(200);
    expect((await get('paysera:1001', 'all')).headers['cache-status']).toMatch(/hit/);
    const refused = await get('paysera:1001', 'all', { connections: ['elsewhere'] });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('invalid_user_id');
    expect(refused.headers['cache-status']).toBeUndefined();
    expect(JSON.stringify(refused.body)).not.toContain('egle');
  });
});
