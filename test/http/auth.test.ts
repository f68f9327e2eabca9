import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { INVALID_TOKEN_DETAIL } from '../../src/auth/jwt';
import { startHarness, TEST_JWT, type Harness } from '../support/harness';
import { adapterWith, personId } from '../support/registry';

const adapter = adapterWith();

/** Client auth on /v1 (DESIGN §4): every rejection is the same bare 401. */
describe('client tokens', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  const claims = { scope: 'users:read users:pii', sub: 'client-a' };
  const sign = (payload: object, options: jwt.SignOptions = {}, secret: jwt.Secret = TEST_JWT.secret) =>
    jwt.sign(payload, secret, { audience: TEST_JWT.audience, issuer: TEST_JWT.issuer, ...('exp' in payload ? {} : { expiresIn: 300 }), ...options });
  const signWithoutExp = (payload: object) => jwt.sign(payload, TEST_JWT.secret, { audience: TEST_JWT.audience, issuer: TEST_JWT.issuer });
  const get = (authorization?: string) => {
    const request = harness.http.get(`/v1/users/${encodeURIComponent(personId(adapter))}`);
    return authorization === undefined ? request : request.set('Authorization', authorization);
  };

  async function expectRejected(authorization?: string) {
    const response = await get(authorization);
    expect(response.status).toBe(401);
    expect(response.type).toBe('application/problem+json');
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    // One detail for every reason: telling them apart would only help an attacker.
    expect(response.body).toMatchObject({ code: 'unauthorized', detail: INVALID_TOKEN_DETAIL });
  }

  it('when the token is valid, then the request is served', async () => {
    expect((await get(`Bearer ${sign(claims)}`)).status).toBe(200);
  });

  it('when there is no token, then 401', () => expectRejected());
  it('when the scheme is not Bearer, then 401', () => expectRejected(`Basic ${Buffer.from('a:b').toString('base64')}`));
  it('when the token is garbage, then 401', () => expectRejected('Bearer not.a.jwt'));
  it('when the token has expired, then 401', () => expectRejected(`Bearer ${sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 120 })}`));
  it('when the token has no exp, then 401', () => expectRejected(`Bearer ${signWithoutExp(claims)}`));
  it('when the audience is wrong, then 401', () => expectRejected(`Bearer ${sign(claims, { audience: 'someone-else' })}`));
  it('when the issuer is wrong, then 401', () => expectRejected(`Bearer ${sign(claims, { issuer: 'someone-else' })}`));
  it('when the token is not valid yet, then 401', () => expectRejected(`Bearer ${sign(claims, { notBefore: 600 })}`));

  it('when alg is none, then 401', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 300;
    const payload = Buffer.from(JSON.stringify({ ...claims, aud: TEST_JWT.audience, iss: TEST_JWT.issuer, exp })).toString('base64url');
    return expectRejected(`Bearer ${header}.${payload}.`);
  });

  it('when the payload was tampered with, then 401', () => {
    const [header, , signature] = sign(claims).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...claims, scope: 'users:read users:write users:pii connections:admin', aud: TEST_JWT.audience, iss: TEST_JWT.issuer, exp: 9999999999 }),
    ).toString('base64url');
    return expectRejected(`Bearer ${header}.${forged}.${signature}`);
  });

  it('when the token is signed with an algorithm outside the allow-list, then 401', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return expectRejected(`Bearer ${sign(claims, { algorithm: 'RS256' }, privateKey)}`);
  });

  /** A token whose payload is exactly this JSON text (JSON.stringify cannot write 1e400). */
  const signRaw = (payloadJson: string, header: object = { alg: 'HS256', typ: 'JWT' }) => {
    const signingInput = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(payloadJson).toString('base64url')}`;
    return `${signingInput}.${createHmac('sha256', TEST_JWT.secret).update(signingInput).digest('base64url')}`;
  };
  const registered = (extra: string) =>
    `{"scope":"users:read","sub":"client-a","aud":"${TEST_JWT.audience}","iss":"${TEST_JWT.issuer}","iat":${Math.floor(Date.now() / 1000)},${extra}}`;
  const inHours = (hours: number) => Math.floor(Date.now() / 1000) + hours * 3600;

  describe('when the lifetime is implausible', () => {
    it('when exp is 1e400 (Infinity once parsed), then 401', () => expectRejected(`Bearer ${signRaw(registered('"exp":1e400'))}`));
    it('when exp is 1e300, then 401', () => expectRejected(`Bearer ${signRaw(registered('"exp":1e300'))}`));
    it('when exp is further away than the maximum lifetime (24 h), then 401', () => expectRejected(`Bearer ${sign({ ...claims, exp: inHours(25) })}`));

    it('when exp is within the maximum lifetime, then the request is served', async () => {
      expect((await get(`Bearer ${sign({ ...claims, exp: inHours(23) })}`)).status).toBe(200);
    });

    it('when iat is in the future beyond the clock tolerance, then 401', () => expectRejected(`Bearer ${sign({ ...claims, iat: inHours(1) })}`));

    it('when iat is ahead by less than the clock tolerance, then the request is served', async () => {
      expect((await get(`Bearer ${sign({ ...claims, iat: Math.floor(Date.now() / 1000) + 5 })}`)).status).toBe(200);
    });

    it('when iat is not a number, then 401', () => expectRejected(`Bearer ${signRaw(registered(`"exp":${inHours(1)},"iat":"yesterday"`))}`));
  });

  it('when the header carries crit (RFC 7515 §4.1.11: extensions this gateway does not understand), then 401', () =>
    expectRejected(`Bearer ${signRaw(registered(`"exp":${inHours(1)}`), { alg: 'HS256', typ: 'JWT', crit: ['exp'] })}`));

  it('when the raw-signed token is ordinary, then the request is served', async () => {
    expect((await get(`Bearer ${signRaw(registered(`"exp":${inHours(1)}`))}`)).status).toBe(200);
  });

  describe('when a claim is present but malformed', () => {
    it.each([
      ['connections is null', { connections: null }],
      ['connections is false', { connections: false }],
      ['connections is a number', { connections: 5 }],
      ['connections is an object', { connections: { [adapter.name]: true } }],
      ['connections is a comma-separated string', { connections: `${adapter.name},elsewhere` }],
      ['connections holds a non-string', { connections: [adapter.name, 7] }],
      ['scope is a number', { scope: 5 }],
      ['scope is an array holding a non-string', { scope: ['users:read', null] }],
      ['tenant is not a tenant name', { tenant: 'Acme Corp' }],
      ['tenant is a number', { tenant: 1 }],
      ['tenants is a string', { tenants: '*' }],
      ['tenants mixes the wildcard with names', { tenants: ['*', 'acme'] }],
      ['tenants holds an invalid name', { tenants: ['acme', '-bad'] }],
      ['connections lists more than 1000 names', { connections: Array.from({ length: 1001 }, (_, index) => `c${index}`) }],
      ['sub is longer than 256 characters', { sub: 'x'.repeat(257) }],
    ])('when %s, then 401 and no provider is called', async (_what, claim) => {
      const before = harness.simulators[adapter.name]!.requests.length;
      await expectRejected(`Bearer ${sign({ ...claims, ...claim })}`);
      expect(harness.simulators[adapter.name]!.requests.length).toBe(before);
    });

    it('when the fan-out is asked with connections: null, then 401, never every connection', async () => {
      const response = await harness.http
        .get('/v1/users?email=egle.jankauskiene@example.com')
        .set('Authorization', `Bearer ${sign({ ...claims, connections: null })}`);
      expect(response.status).toBe(401);
    });
  });

  describe('when the subject is not a string', () => {
    it.each([
      ['there is no sub', {}],
      ['sub is a number', { sub: 42 }],
      ['sub is empty', { sub: '' }],
    ])('when %s, then 401', (_what, subject) => {
      const { sub: _dropped, ...others } = claims;
      return expectRejected(`Bearer ${sign({ ...others, ...subject })}`);
    });
  });

  it('when the tenant claims are well formed, then the request is served (in that tenant, which has no connections here)', async () => {
    const response = await harness.http
      .get('/v1/connections')
      .set('Authorization', `Bearer ${sign({ ...claims, tenant: 'acme-eu', tenants: ['acme-eu', 'acme-us'] })}`);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([]);
  });

  it('when tenants is the wildcard, then the request is served', async () => {
    expect((await get(`Bearer ${sign({ ...claims, tenants: ['*'] })}`)).status).toBe(200);
  });

  it('when scope is an array of strings, then its scopes count', async () => {
    expect((await get(`Bearer ${sign({ ...claims, scope: ['users:read'] })}`)).status).toBe(200);
  });

  it('when the token lacks users:read, then 403 forbidden', async () => {
    const response = await get(`Bearer ${sign({ scope: 'users:write', sub: 'w' })}`);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
  });

  it('when the connections claim leaves out the connection, then it is answered as one that does not exist and the provider is not called', async () => {
    const before = harness.simulators[adapter.name]!.requests.length;
    const response = await get(`Bearer ${sign({ ...claims, connections: ['elsewhere'] })}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_user_id');
    expect(harness.simulators[adapter.name]!.requests.length).toBe(before);
  });

  it('when the connections claim leaves out a connection, then the fan-out skips it', async () => {
    const response = await harness.http
      .get('/v1/users?email=egle.jankauskiene@example.com')
      .set('Authorization', `Bearer ${sign({ ...claims, connections: ['elsewhere'] })}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: [], connections: {} });
  });
});
