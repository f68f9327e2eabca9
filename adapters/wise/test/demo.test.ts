import { Writable } from 'node:stream';
import supertest from 'supertest';
import { adapters } from '../../index';
import { startDemo, type Demo } from '../../../src/demo';
import { createLogger } from '../../../src/logging/logger';
import { expectCanonical } from '../../../test/contract/suite';

/** The embedded default (`npm start` with no config) serves Wise's demo users too. */
describe('Wise in the embedded demo', () => {
  let demo: Demo;
  let http: ReturnType<typeof supertest>;
  beforeAll(async () => {
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    demo = await startDemo(adapters, { PORT: '0' }, createLogger({ destination: quiet }));
    http = supertest(`http://127.0.0.1:${demo.port}`);
  });
  afterAll(() => demo.close());
  const auth = () => `Bearer ${demo.adminToken}`;

  it("when the demo person is read at Wise, then she comes back with Wise's conflicting date of birth", async () => {
    const response = await http.get('/v1/users/wise:5001').set('Authorization', auth());
    expect(response.status).toBe(200);
    expectCanonical(response.body);
    expect(response.body).toMatchObject({ email: 'egle.jankauskiene@example.com', dateOfBirth: '1988-04-21' });
  });

  it('when the demo person is looked up by email, then Wise says she has an account and gives no user data', async () => {
    const response = await http.get('/v1/users?email=egle.jankauskiene@example.com').set('Authorization', auth());
    expect(response.body.connections.wise).toMatchObject({ status: 'ok', count: 0, exists: true });
    expect(response.body.data.filter((user: { connection: string }) => user.connection === 'wise')).toEqual([]);
  });
});
