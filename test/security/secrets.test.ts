import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { adapters } from '../../adapters';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, newUserRequest, personId } from '../support/registry';

const adapter = adapterWith({ create: true });
const PERSON = encodeURIComponent(personId(adapter));

/** A provider-only read on the demo person, from the first adapter that declares one. */
const OPERATION_PATH = (() => {
  for (const candidate of adapters) {
    const read = candidate.operations?.find((operation) => operation.method === 'GET' && /^\/users\/:userId(\/[a-z-]+)*$/.test(operation.path));
    if (read) return `/v1/connections/${candidate.name}${read.path.replace(':userId', candidate.demo.personId)}`;
  }
  throw new Error('No adapter declares a provider-only read of one user.');
})();

/** Every credential key some adapter takes (its credentials schema's keys): none may appear as a key in an answer. */
const CREDENTIAL_KEYS = [...new Set(adapters.flatMap((candidate) => Object.keys((candidate.credentialsSchema.describe() as { keys?: object }).keys ?? {})))];
const CREDENTIAL_KEY = new RegExp(`"(?:${CREDENTIAL_KEYS.join('|')})":`);

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
    expect(CREDENTIAL_KEYS.length).toBeGreaterThan(0);
    expect(text).not.toMatch(CREDENTIAL_KEY);
    // DESIGN §8: `credentials` says only which (a fingerprint) and since when, or null for a declared connection.
    for (const connection of response.body.data as { credentials: unknown }[]) {
      expect(
        connection.credentials === null ||
          Object.keys(connection.credentials as object)
            .sort()
            .join() === 'fingerprint,updatedAt',
      ).toBe(true);
    }
  });

  it("when the provider refuses a create in its own words, then the client gets a summary, never the provider's words", async () => {
    const simulator = harness.simulators[adapter.name]!;
    simulator.faults.set({ errorRate: 1, errorStatus: 409, match: { method: 'POST' }, count: 1 });
    const response = await harness.http.post('/v1/users').set('Authorization', harness.bearer()).send(newUserRequest(adapter));
    expect(response.status).toBe(409);
    const words = JSON.stringify(simulator.faults.bodyFor(409)).match(/"[^"]* [^"]*"/g) ?? [];
    expect(words.filter((text) => JSON.stringify(response.body).includes(text))).toEqual([]);
  });

  it('when any answer goes out, then the security headers are set and x-powered-by is not', async () => {
    const response = await harness.http.get('/healthz');
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'strict-transport-security': expect.any(String),
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it.each([
    ['a user', (harness: Harness) => harness.http.get(`/v1/users/${PERSON}`).set('Authorization', harness.bearer())],
    ['a lookup', (harness: Harness) => harness.http.get('/v1/users?email=egle.jankauskiene@example.com').set('Authorization', harness.bearer())],
    ['the people view', (harness: Harness) => harness.http.get('/v1/people?email=egle.jankauskiene@example.com').set('Authorization', harness.bearer())],
    ['a provider-only operation', (harness: Harness) => harness.http.get(OPERATION_PATH).set('Authorization', harness.bearer())],
    ['a problem', (harness: Harness) => harness.http.get('/v1/users/nosuchconnection:1').set('Authorization', harness.bearer())],
    ['a refused token', (harness: Harness) => harness.http.get(`/v1/users/${PERSON}`)],
  ])('when a /v1 answer carries %s, then Cache-Control: no-store keeps it out of every cache on the way', async (_what, send) => {
    const response = await send(harness);
    expect(response.headers['cache-control']).toBe('no-store');
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
