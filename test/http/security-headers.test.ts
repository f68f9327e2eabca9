import express from 'express';
import helmet from 'helmet';
import supertest from 'supertest';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, personId } from '../support/registry';

const adapter = adapterWith();

/** OWASP's REST Security Cheat Sheet's headers for API responses, its two for answers a browser might open, and Cross-Origin-Resource-Policy. */
const API_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** Every header helmet's defaults set, as helmet sets them on an app of its own. */
async function helmetHeaders(): Promise<Record<string, string>> {
  const app = express();
  app.use(helmet());
  app.get('/', (_req, res) => {
    res.end();
  });
  const { headers } = await supertest(app).get('/');
  const own = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
  return Object.fromEntries(Object.entries(headers as Record<string, string>).filter(([name]) => !own.has(name)));
}

describe('security headers', () => {
  let harness: Harness;
  let helmets: Record<string, string>;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter }] });
    helmets = await helmetHeaders();
  });
  afterAll(() => harness.close());

  const apiAnswers: [string, () => supertest.Test][] = [
    ['a health check', () => harness.http.get('/healthz')],
    ['a user', () => harness.http.get(`/v1/users/${encodeURIComponent(personId(adapter))}`).set('Authorization', harness.bearer())],
    [
      'a user read with a query',
      () => harness.http.get(`/v1/users/${encodeURIComponent(personId(adapter))}?include=provenance`).set('Authorization', harness.bearer()),
    ],
    ['a problem', () => harness.http.get('/v1/users/nosuchconnection:1').set('Authorization', harness.bearer())],
    ['a refused token', () => harness.http.get(`/v1/users/${encodeURIComponent(personId(adapter))}`)],
    ['an unknown path', () => harness.http.get('/nowhere')],
    ['the OpenAPI document', () => harness.http.get('/openapi.json')],
  ];

  it.each(apiAnswers)('when %s is answered, then it carries the API security headers, with their values', async (_what, request) => {
    const response = await request();
    expect(response.headers).toMatchObject(API_HEADERS);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it.each(apiAnswers)("when %s is answered, then it carries none of helmet's headers for HTML documents", async (_what, request) => {
    const response = await request();
    const documentOnly = Object.keys(helmets).filter((name) => !(name in API_HEADERS));
    expect(documentOnly.length).toBeGreaterThanOrEqual(5);
    expect(documentOnly.filter((name) => name in response.headers)).toEqual([]);
  });

  it.each([
    ['the API docs page', '/docs'],
    ['a script of the API docs', '/docs/init.js'],
    ['a missing file of the API docs', '/docs/assets/missing.js'],
  ])("when %s is answered, then it carries every header helmet's defaults set, with helmet's values", async (_what, path) => {
    const response = await harness.http.get(path);
    expect(Object.keys(helmets).length).toBeGreaterThanOrEqual(10);
    expect(response.headers).toMatchObject(helmets);
  });

  it("when the console page is answered, then it carries helmet's headers, its own Content-Security-Policy in place of helmet's", async () => {
    const response = await harness.http.get('/console');
    const { 'content-security-policy': helmetPolicy, ...others } = helmets;
    expect(response.headers).toMatchObject(others);
    expect(response.headers['content-security-policy']).not.toBe(helmetPolicy);
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it("when a user is read, then the gateway's own header names go out in lower case (Node's own, such as Date, as Node writes them)", async () => {
    const response = await harness.http.get(`/v1/users/${encodeURIComponent(personId(adapter))}`).set('Authorization', harness.bearer());
    const { rawHeaders } = (response as unknown as { res: { rawHeaders: string[] } }).res;
    const names = rawHeaders.filter((_value, index) => index % 2 === 0);
    const own = names.filter((name) => !['Date', 'Connection', 'Keep-Alive'].includes(name));
    expect(own).toEqual(expect.arrayContaining(['content-security-policy', 'x-request-id', 'cache-control', 'content-type', 'content-length']));
    expect(own.filter((name) => name !== name.toLowerCase())).toEqual([]);
  });
});
