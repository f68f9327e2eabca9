import express from 'express';
import helmet from 'helmet';
import supertest from 'supertest';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, personId } from '../support/registry';

const adapter = adapterWith();

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

/** The security headers are written in one call from a set recorded once; they must be helmet's, all of them, unchanged. */
describe('security headers', () => {
  let harness: Harness;
  let expected: Record<string, string>;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter }] });
    expected = await helmetHeaders();
  });
  afterAll(() => harness.close());

  it.each([
    ['a health check', () => harness.http.get('/healthz')],
    ['a user', () => harness.http.get(`/v1/users/${encodeURIComponent(personId(adapter))}`).set('Authorization', harness.bearer())],
    ['a problem', () => harness.http.get('/v1/users/nosuchconnection:1').set('Authorization', harness.bearer())],
    ['a refused token', () => harness.http.get(`/v1/users/${encodeURIComponent(personId(adapter))}`)],
    ['an unknown path', () => harness.http.get('/nowhere')],
  ])("when %s is answered, then it carries every header helmet's defaults set, with helmet's values", async (_what, request) => {
    const response = await request();
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(10);
    expect(response.headers).toMatchObject(expected);
    expect(response.headers['x-powered-by']).toBeUndefined();
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
