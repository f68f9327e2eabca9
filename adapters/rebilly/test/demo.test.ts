import { Writable } from 'node:stream';
import supertest from 'supertest';
import { adapters } from '../../../adapters';
import { startDemo, type Demo } from '../../../src/demo';
import { createLogger } from '../../../src/logging/logger';

/** `npm start` with no config: the Rebilly simulator serves its demo users next to the other simulators'. */
describe('embedded demo with Rebilly', () => {
  let demo: Demo;
  beforeAll(async () => {
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    demo = await startDemo(adapters, { PORT: '0' }, createLogger({ destination: quiet }));
  });
  afterAll(() => demo.close());
  const get = (path: string) => supertest(`http://127.0.0.1:${demo.port}`).get(path).set('Authorization', `Bearer ${demo.adminToken}`);

  it("when looking up a demo person's email, then the Rebilly account comes back with its own (conflicting) phone", async () => {
    const response = await get('/v1/users?email=jonas.petraitis@example.com');
    expect(response.status).toBe(200);
    const atRebilly = response.body.data.filter((user: { connection: string }) => user.connection === 'rebilly');
    expect(atRebilly.map((user: { id: string; phone: string }) => [user.id, user.phone])).toEqual([
      ['rebilly:usr_01JDEMOJONAS000000000000001', '+37061199999'],
    ]);
  });

  it("when reading Eglė's Rebilly account with the printed token, then it comes back", async () => {
    const response = await get('/v1/users/rebilly:usr_01JDEMOEGLE0000000000000001');
    expect(response.status).toBe(200);
    expect(response.body.name.full).toBe('Eglė Jankauskienė');
  });
});
