import supertest from 'supertest';
import { adapters } from '../../adapters';
import { canonicalUserSchema } from '../../src/canonical/user';
import { demoBanner, startDemo, type Demo } from '../../src/demo';
import { createLogger } from '../../src/logging/logger';
import { Writable } from 'node:stream';

/** The embedded default: `npm start` with no config. */
describe('embedded demo', () => {
  let demo: Demo;
  beforeAll(async () => {
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    demo = await startDemo(adapters, { PORT: '0' }, createLogger({ destination: quiet }));
  });
  afterAll(() => demo.close());

  it('when started, then the banner prints the admin token and curl commands for the real port', () => {
    const banner = demoBanner(demo);
    expect(banner).toContain(`export USERGATE_TOKEN=${demo.adminToken}`);
    expect(banner).toContain(`http://localhost:${demo.port}/v1/users/paysera:1001`);
  });

  it('when the printed token is used, then a canonical Paysera user comes back', async () => {
    const response = await supertest(`http://127.0.0.1:${demo.port}`).get('/v1/users/paysera:1001').set('Authorization', `Bearer ${demo.adminToken}`);
    expect(response.status).toBe(200);
    expect(canonicalUserSchema.validate(response.body).error).toBeUndefined();
  });
});
