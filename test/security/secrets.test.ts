import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, newUserRequest, personId } from '../support/registry';

const adapter = adapterWith({ create: true });

describe('secrets stay secret', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('when an admin lists connections, then no credential appears in the answer', async () => {
    const response = await harness.http.get('/v1/connections').set('Authorization', harness.bearer(['connections:admin']));
    const text = JSON.stringify(response.body);
    for (const simulator of Object.values(harness.simulators)) {
      for (const value of Object.values(simulator.credentials)) expect(text).not.toContain(String(value));
    }
    expect(text).not.toMatch(/"(credentials|clientId|clientSecret|macKey|apiKey|jwt|requestToken|userToken|tokenEncryptionKey)":/);
  });

  it("when the provider refuses a create in its own words, then the client gets a summary, never the provider's words", async () => {
    const simulator = harness.simulators[adapter.name]!;
    simulator.faults.set({ errorRate: 1, errorStatus: 409, match: { method: 'POST' }, count: 1 });
    const response = await harness.http.post('/v1/users').set('Authorization', harness.bearer()).send(newUserRequest(adapter));
    expect(response.status).toBe(409);
    const words = JSON.stringify(simulator.faults.bodyFor(409)).match(/"[^"]* [^"]*"/g) ?? [];
    expect(words.filter((text) => JSON.stringify(response.body).includes(text))).toEqual([]);
  });

  it('when any answer goes out, then helmet headers are set and x-powered-by is not', async () => {
    const response = await harness.http.get('/healthz');
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.any(String),
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});

describe('RS256 client tokens', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter }], jwt: { publicKey: publicPem, audience: 'usergate', issuer: 'usergate' } });
  });
  afterAll(() => harness.close());
  const claims = { scope: 'users:read', sub: 'rs-client' };
  const read = (token: string) => harness.http.get(`/v1/users/${encodeURIComponent(personId(adapter))}`).set('Authorization', `Bearer ${token}`);

  it('when the token is signed with the private key, then it is accepted', async () => {
    expect((await read(jwt.sign(claims, privateKey, { algorithm: 'RS256', audience: 'usergate', issuer: 'usergate', expiresIn: 60 }))).status).toBe(200);
  });

  it('when an HS256 token is signed with the public key as its secret (key confusion), then 401', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...claims, aud: 'usergate', iss: 'usergate', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    const signature = createHmac('sha256', publicPem).update(`${header}.${payload}`).digest('base64url');
    expect((await read(`${header}.${payload}.${signature}`)).status).toBe(401);
  });
});
