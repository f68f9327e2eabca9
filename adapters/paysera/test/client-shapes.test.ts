import axios from 'axios';
import type Joi from 'joi';
import type { MappingContext } from '../../../src/connections/adapter';
import { macAuthorizationHeader, randomNonce } from '../auth';
import answers from '../fixtures/client-answers.json';
import { toCanonicalUser } from '../mapper';
import { toService } from '../operations/services';
import { toWallets } from '../operations/profile';
import {
  payseraCreatedSchema,
  payseraFieldStringSchema,
  payseraReceiptSchema,
  payseraServiceSchema,
  payseraServicesSchema,
  payseraUserSchema,
  payseraWalletsSchema,
} from '../schema';
import { startPayseraSimulator, type PayseraSimulatorStartOptions, type RunningPayseraSimulator } from '../simulator/server';
import type { PayseraUser } from '../types';

/** Shapes as Paysera's official clients read them (fixtures/client-answers.json and fixtures/README.md say where each is from). */
const accepts = (schema: Joi.Schema, value: unknown) => expect(schema.validate(value, { allowUnknown: true, convert: false }).error).toBeUndefined();

describe("Paysera's answers as its official clients read them: the adapter's schemas take each", () => {
  const unknowns: Array<[string, unknown]> = [];
  const context: MappingContext = { reportUnknown: (field, value) => unknowns.push([field, value]) };

  it('when email or phone is read, then the answer is a bare JSON string', () => {
    accepts(payseraFieldStringSchema, answers.getUserEmail);
    accepts(payseraFieldStringSchema, answers.getUserPhone);
  });

  it('when wallets are listed and one has no account, then the list is read and that wallet has no account number', () => {
    accepts(payseraWalletsSchema, answers.getUserWallets);
    expect(toWallets(answers.getUserWallets)).toEqual([
      { id: '14471', accountNumber: 'EVP0010001000101' },
      { id: '14472', accountNumber: null },
    ]);
  });

  it('when a password reset is asked for, then the answer is the user', () => {
    accepts(payseraUserSchema, answers.requestPasswordReset);
  });

  it("when services are listed (with the Java SDK's user_id) or one is enabled, then each service is read", () => {
    accepts(payseraServicesSchema, answers.getUserServices);
    accepts(payseraServiceSchema, answers.enableUserService);
    expect(toService(answers.enableUserService)).toEqual({
      service: 'paysera_app',
      status: 'enabled',
      title: 'Paysera app usage',
      actions: [],
      url: null,
      enabledAt: '2025-01-01T00:00:00.000Z',
    });
  });

  it('when contacts are appended, then the answer is the contact book id', () => {
    accepts(payseraCreatedSchema, answers.appendContactBook);
  });

  it('when a receipt comes as JSON, then it is the documented {text} shape', () => {
    accepts(payseraReceiptSchema, answers.getBalanceReceipt);
  });

  it('when the user has asked for deletion, then deletion_request_at lands in extensions as sent', () => {
    accepts(payseraUserSchema, answers.userWithDeletionRequest);
    expect(toCanonicalUser(answers.userWithDeletionRequest, context).extensions.deletionRequestAt).toBe('2026-01-15 10:00:00');
  });

  it('when deletion_request_at is not a string, then it is null and only its type is reported', () => {
    expect(toCanonicalUser({ id: 1, deletion_request_at: 1736935200 } as PayseraUser, context).extensions.deletionRequestAt).toBeNull();
    expect(unknowns).toEqual([['deletion_request_at', 'number']]);
  });
});

describe('the Paysera simulator serves what the official clients read, and takes what they send', () => {
  let simulator: RunningPayseraSimulator;
  let simulators: RunningPayseraSimulator[] = [];
  beforeAll(async () => {
    simulator = await startPayseraSimulator();
  });
  afterAll(async () => {
    await simulator.close();
    await Promise.all(simulators.map((other) => other.close()));
  });

  /** A MAC-signed request to `on`, the request URI (query included) exactly as written. */
  async function send(method: string, requestUri: string, options: { body?: object; on?: RunningPayseraSimulator } = {}) {
    const target = options.on ?? simulator;
    const base = new URL(target.baseUrl);
    const { clientId, macKey } = target.credentials as { clientId: string; macKey: string };
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const authorization = macAuthorizationHeader(
      { macId: clientId, macKey },
      { method, requestUri: `${base.pathname}${requestUri}`, host: base.hostname, port: Number(base.port), body },
      { ts: Math.floor(Date.now() / 1000), nonce: randomNonce() },
    );
    return axios.request({
      method,
      url: `${base.origin}${base.pathname}${requestUri}`,
      data: body,
      headers: { authorization, ...(body && { 'content-type': 'application/json' }) },
      responseType: 'arraybuffer',
      transformResponse: (data: Buffer) => data,
      validateStatus: () => true,
    });
  }
  const json = (data: Buffer): unknown => JSON.parse(data.toString('utf8'));
  const started = async (options: PayseraSimulatorStartOptions) => {
    const other = await startPayseraSimulator(options);
    simulators = [...simulators, other];
    return other;
  };

  describe('lookup by person code', () => {
    it.each([
      ['the Java SDK form (person_code and nationality)', '/user?person_code=31001230000&nationality=lt'],
      ["the docs' form with raw brackets", '/user?person_code[lt]=31001230000'],
      ["the docs' form with encoded brackets (as http_build_query and URLSearchParams write it)", '/user?person_code%5Blt%5D=31001230000'],
    ])('when a search is sent in %s, then the user is found', async (_form, requestUri) => {
      const response = await send('GET', requestUri);
      expect(response.status).toBe(200);
      expect(json(response.data)).toMatchObject({ id: 221 });
    });

    it.each([
      ['a person code without a nationality', '/user?person_code=31001230000'],
      ['both forms at once', '/user?person_code[lt]=31001230000&nationality=lt'],
      ['two person codes', '/user?person_code[lt]=31001230000&person_code[lv]=31001230000'],
      ['a nationality alone', '/user?nationality=lt'],
    ])('when a search sends %s, then 400 invalid_parameters', async (_what, requestUri) => {
      const response = await send('GET', requestUri);
      expect(response.status).toBe(400);
      expect(json(response.data)).toMatchObject({ error: 'invalid_parameters' });
    });
  });

  it('when email and phone are read, then each is a bare JSON string', async () => {
    const email = await send('GET', '/user/221/email');
    expect(email.headers['content-type']).toMatch(/^application\/json/);
    expect(email.data.toString('utf8')).toBe('"something@example.com"');
    expect(json((await send('GET', '/user/221/phone')).data)).toBe('37066612345');
  });

  it('when wallets are listed, then they are an array whose wallet without an account has none, and the closed wallet only with inactive_included=true', async () => {
    const active = json((await send('GET', '/user/1001/wallets')).data) as Array<{ id: number; account?: unknown }>;
    expect(active.map((wallet) => [wallet.id, 'account' in wallet])).toEqual([
      [20001, true],
      [20002, false],
    ]);
    expect(active[0]).toMatchObject({ owner: 1001, account: { number: 'EVP0000000020001' } });
    accepts(payseraWalletsSchema, active);
    const all = json((await send('GET', '/user/1001/wallets?inactive_included=true')).data) as Array<{ id: number }>;
    expect(all.map((wallet) => wallet.id)).toEqual([20001, 20002, 20003]);
    expect((json((await send('GET', '/user/1001/wallets?inactive_included=false')).data) as unknown[]).length).toBe(2);
    expect((await send('GET', '/user/1001/wallets?inactive_included=yes')).status).toBe(400);
  });

  it('when a password reset is asked for, then the user comes back', async () => {
    const response = await send('POST', '/user/password/reset', { body: { email: 'something@example.com', identity: { code: '31001230000' } } });
    expect(response.status).toBe(200);
    expect(json(response.data)).toMatchObject({ id: 221 });
  });

  it('when services are listed and one is enabled, then the list carries user_id and services, and the PUT answers the one service', async () => {
    const listed = json((await send('GET', '/user/221/services')).data);
    expect(listed).toMatchObject({ user_id: 221, services: expect.any(Array) });
    accepts(payseraServicesSchema, listed);
    const enabled = json((await send('PUT', '/user/221/service/paysera_app')).data);
    expect(enabled).toEqual({ service: 'paysera_app', status: 'enabled', title: 'Paysera app usage', actions: [], added: expect.any(Number) });
  });

  it('when contacts are appended, then the answer is {id}', async () => {
    const created = json((await send('POST', '/user/221/contact-book', { body: { emails: ['a@example.com'] } })).data) as { id: number };
    const appended = await send('PUT', `/contact-book/${created.id}/append`, { body: { emails: ['b@example.com'], phone_hashes: ['a'.repeat(40)] } });
    expect(json(appended.data)).toEqual({ id: created.id });
  });

  it('when a receipt is asked for, then it comes as JSON {text} by default', async () => {
    const response = await send('GET', '/user/1001/receipt/identification?locale=lt&width=24');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(json(response.data)).toEqual({ text: expect.stringContaining('IDENTIFIKAVIMO KVITAS') });
  });

  it('when started with receipts as a PDF, then the receipt is a PDF', async () => {
    const pdf = await started({ receipts: 'pdf' });
    const response = await send('GET', '/user/1001/receipt/registration', { on: pdf });
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('when started with a reCAPTCHA and a 429 comes, then it carries g-recaptcha-key and recaptcha-unlock-url', async () => {
    const locked = await started({ recaptcha: { siteKey: '6LcSimulatedSiteKey', unlockUrl: 'https://wallet.paysera.example/unlock?case=1' } });
    const reset = () => send('POST', '/user/password/reset', { body: { email: 'new.starter@example.com' }, on: locked });
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await reset()).status).toBe(200);
    const limited = await reset();
    expect(limited.status).toBe(429);
    expect(json(limited.data)).toMatchObject({ error: 'rate_limit_exceeded' });
    expect(limited.headers).toMatchObject({ 'g-recaptcha-key': '6LcSimulatedSiteKey', 'recaptcha-unlock-url': 'https://wallet.paysera.example/unlock?case=1' });
  });
});
