import { Writable } from 'node:stream';
import Joi from 'joi';
import supertest from 'supertest';
import { mintToken } from '../../src/auth/jwt';
import { blankUserFields } from '../../src/canonical/user';
import { parseConfig } from '../../src/config/load';
import { createGateway, type Gateway } from '../../src/gateway';
import { createLogger } from '../../src/logging/logger';
import { acmeAdapter } from '../support/acme-adapter';
import { TEST_JWT } from '../support/harness';

interface AcmeCreateOptions {
  welcomeEmail: boolean;
  tier?: string;
}

/** An adapter whose create answers with the options it was given, so that they can be read back. */
const acme = acmeAdapter<AcmeCreateOptions>(
  { get: false, lookup: [], lookupMode: 'users', create: true, update: false, delete: false },
  { createUser: ({ options }) => Promise.resolve({ ...blankUserFields('1'), extensions: { options } }) },
  { createOptionsSchema: Joi.object<AcmeCreateOptions>({ welcomeEmail: Joi.boolean().default(true), tier: Joi.string().valid('gold') }) },
);

describe('create options', () => {
  let gateway: Gateway;
  const quiet = createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
  beforeAll(() => {
    const config = parseConfig(
      { auth: { jwt: TEST_JWT }, connections: { acme: { adapter: 'acme', baseUrl: 'http://127.0.0.1:9', credentials: {} } } },
      [acme],
      {},
    );
    gateway = createGateway(config, { adapters: [acme], logger: quiet, auditLogger: quiet });
  });
  afterAll(() => gateway.close());
  const create = (body: object) =>
    supertest(gateway.app)
      .post('/v1/users')
      .set('Authorization', `Bearer ${mintToken(gateway.config.auth.jwt, { subject: 't', scopes: ['users:write', 'users:read'], ttlSeconds: 60 })}`)
      .send({ connection: 'acme', user: { email: 'new@example.com' }, ...body });

  it("when the client sends no options, then the adapter gets its schema's defaults", async () => {
    const response = await create({});
    expect(response.status).toBe(201);
    expect(response.body.extensions.options).toEqual({ welcomeEmail: true });
  });

  it('when the client sends some options, then the defaults fill in the rest', async () => {
    expect((await create({ options: { tier: 'gold' } })).body.extensions.options).toEqual({ welcomeEmail: true, tier: 'gold' });
  });

  it('when an option breaks the schema, then 400 invalid_request names it', async () => {
    const response = await create({ options: { tier: 'platinum' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_request', detail: expect.stringContaining('tier') });
  });
});
