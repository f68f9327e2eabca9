import { startHarness, type Harness } from '../../../../test/support/harness';
import { paysera } from '../..';

/**
 * The provider-only operations mechanism (src/http/routes/operations.ts), driven through the
 * Paysera connection's declared operations: scopes, validation, binary bodies, Idempotency-Key,
 * document responses and the capabilities listing.
 */
describe('provider-only operations', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ redis: true, connections: [{ adapter: paysera }] });
  });
  afterAll(() => harness.close());
  const OPS = '/v1/connections/paysera';
  const upstream = () => harness.simulators.paysera!.requests;
  const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

  describe('listing', () => {
    it('when connections are listed, then each declared operation appears with its gateway path, scopes and body limits', async () => {
      const response = await harness.http.get('/v1/connections').set('Authorization', harness.bearer(['users:read']));
      const operations = response.body.data[0].capabilities.operations as Array<Record<string, unknown>>;
      expect(operations.find((operation) => operation.id === 'uploadAvatar')).toEqual({
        id: 'uploadAvatar',
        summary: expect.any(String),
        method: 'PUT',
        path: '/v1/connections/paysera/users/{userId}/avatar',
        scopes: ['users:write'],
        idempotent: true,
        accepts: ['image/jpeg', 'image/png'],
        maxBytes: 1024 * 1024,
        returns: 'none',
      });
      expect(operations.find((operation) => operation.id === 'getReceipt')).toMatchObject({
        returns: 'document',
        produces: ['text/plain', 'text/html', 'application/pdf'],
      });
      expect(operations.find((operation) => operation.id === 'confirmPhone')).toMatchObject({ returns: 'user', idempotent: false });
    });
  });

  describe('refusals that touch no provider', () => {
    let before: number;
    beforeEach(() => {
      before = upstream().length;
    });
    afterEach(() => {
      expect(upstream().length).toBe(before);
    });
    const expectProblem = (response: { status: number; body: { code: string; origin: string } }, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ code, origin: 'gateway' });
    };

    it('when the token lacks a declared scope, then 403 forbidden', async () => {
      const response = await harness.http.get(`${OPS}/users/1001/address`).set('Authorization', harness.bearer(['users:read']));
      expectProblem(response, 403, 'forbidden');
      expect(response.body.detail).toMatch(/users:pii/);
    });

    it('when the token may not reach the connection, then 404 as for a connection that does not exist', async () => {
      const response = await harness.http.get(`${OPS}/users/1001/email`).set('Authorization', harness.bearer('all', { connections: ['elsewhere'] }));
      expectProblem(response, 404, 'not_found');
    });

    it('when the user id in the path breaks its schema, then 400 invalid_user_id names it', async () => {
      const response = await harness.http.get(`${OPS}/users/me/email`).set('Authorization', harness.bearer());
      expectProblem(response, 400, 'invalid_user_id');
      expect(response.body.invalidFields).toEqual([{ field: 'userId', message: expect.stringMatching(/Paysera id/) }]);
    });

    it('when the query has a parameter the operation does not declare, then 400', async () => {
      expectProblem(await harness.http.get(`${OPS}/positions?lat=1&lng=2&distance=3&limit=5`).set('Authorization', harness.bearer()), 400, 'invalid_request');
    });

    it('when the JSON body has a field the operation does not declare, then 400 names it', async () => {
      const response = await harness.http
        .put(`${OPS}/users/1001/phone/confirm`)
        .set('Authorization', harness.bearer())
        .send({ code: 'ABCDEF', phone: '+37060000000' });
      expectProblem(response, 400, 'invalid_request');
      expect(response.body.invalidFields[0].field).toBe('phone');
    });

    it('when a JSON operation gets another content type, then 415', async () => {
      const response = await harness.http
        .put(`${OPS}/users/1001/phone/confirm`)
        .set('Authorization', harness.bearer())
        .set('Content-Type', 'text/plain')
        .send('ABCDEF');
      expectProblem(response, 415, 'invalid_request');
    });

    it('when a binary body has a content type the operation does not accept, then 415', async () => {
      const response = await harness.http
        .put(`${OPS}/users/1001/avatar`)
        .set('Authorization', harness.bearer())
        .set('Content-Type', 'image/gif')
        .send(Buffer.from('GIF89a'));
      expectProblem(response, 415, 'invalid_request');
    });

    it('when a binary body is larger than the operation allows, then 413', async () => {
      const response = await harness.http
        .put(`${OPS}/users/1001/avatar`)
        .set('Authorization', harness.bearer())
        .set('Content-Type', 'image/png')
        .send(Buffer.alloc(1024 * 1024 + 1));
      expectProblem(response, 413, 'invalid_request');
    });

    it('when a binary body is empty, then 400', async () => {
      const response = await harness.http
        .put(`${OPS}/users/1001/avatar`)
        .set('Authorization', harness.bearer())
        .set('Content-Type', 'image/png')
        .send(Buffer.alloc(0));
      expectProblem(response, 400, 'invalid_request');
    });

    it('when the path or method is not declared, then 404 not_found', async () => {
      expectProblem(await harness.http.patch(`${OPS}/users/1001/email`).set('Authorization', harness.bearer()).send({}), 404, 'not_found');
    });

    it('when the Idempotency-Key is not a sane token, then 400', async () => {
      const response = await harness.http
        .post(`${OPS}/users/1001/documents`)
        .set('Authorization', harness.bearer())
        .set('Idempotency-Key', 'x'.repeat(300))
        .set('Content-Type', 'application/pdf')
        .send(PDF);
      expectProblem(response, 400, 'invalid_request');
    });
  });

  describe('Idempotency-Key', () => {
    const uploads = () => upstream().filter((request) => request.method === 'POST' && request.path.endsWith('/document')).length;
    const upload = (key: string, bytes: Buffer) =>
      harness.http
        .post(`${OPS}/users/1001/documents`)
        .set('Authorization', harness.bearer())
        .set('Idempotency-Key', key)
        .set('Content-Type', 'application/pdf')
        .send(bytes);

    it('when a non-idempotent write is repeated with its key, then the first answer is replayed and Paysera stores one document', async () => {
      const before = uploads();
      const first = await upload('ops-replay', PDF);
      const second = await upload('ops-replay', PDF);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(uploads() - before).toBe(1);
    });

    it('when the key comes back with other bytes, then 422 and nothing is stored', async () => {
      await upload('ops-mismatch', PDF);
      const before = uploads();
      const response = await upload('ops-mismatch', Buffer.concat([PDF, Buffer.from('more')]));
      expect(response.status).toBe(422);
      expect(uploads()).toBe(before);
    });

    it('when an idempotent operation carries a key, then it simply runs again', async () => {
      const read = () => harness.http.get(`${OPS}/users/1001/email`).set('Authorization', harness.bearer()).set('Idempotency-Key', 'ops-read');
      await read();
      const again = await read();
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
    });
  });

  describe('document responses', () => {
    beforeEach(() => harness.simulators.paysera!.faults.clear());
    afterAll(() => harness.simulators.paysera!.faults.clear());

    it('when the provider answers with a declared type, then its text passes through with that type', async () => {
      const response = await harness.http.get(`${OPS}/users/1001/receipts/registration`).set('Authorization', harness.bearer());
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.text).toContain('REGISTRATION RECEIPT');
    });

    it('when the provider answers with a type the operation does not declare, then 502 provider_error and nothing of it', async () => {
      harness.simulators.paysera!.faults.set({ match: { pathPrefix: '/rest/v1/user/1001/receipt' }, oversizedBytes: 10 });
      const response = await harness.http.get(`${OPS}/users/1001/receipts/registration`).set('Authorization', harness.bearer());
      expect(response.status).toBe(502);
      expect(response.type).toBe('application/problem+json');
      expect(response.body).toMatchObject({ code: 'provider_error', origin: 'provider', connection: 'paysera' });
      expect(response.text).not.toContain('padding');
    });
  });
});
