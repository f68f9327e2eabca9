import { startHarness, type Harness } from '../support/harness';
import { adapterWith, personId } from '../support/registry';

/** The first adapter of the registry: the first connection the harness lists. */
const adapter = adapterWith();

/** Bad input gets a clear 4xx problem+json and touches no provider. */
describe('request validation', () => {
  let harness: Harness;
  let callsBefore: number;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    callsBefore = Object.values(harness.simulators).reduce((sum, simulator) => sum + simulator.requests.length, 0);
  });
  afterEach(() => {
    const callsAfter = Object.values(harness.simulators).reduce((sum, simulator) => sum + simulator.requests.length, 0);
    expect(callsAfter).toBe(callsBefore);
  });

  const auth = () => harness.bearer();
  const expectProblem = (response: { status: number; type: string; body: { code: string } }, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.code).toBe(code);
  };

  it('when a lookup names two search keys, then 400', async () => {
    expectProblem(await harness.http.get('/v1/users?email=a@example.com&phone=%2B37060012345').set('Authorization', auth()), 400, 'invalid_request');
  });

  it('when a lookup names no search key, then 400', async () => {
    expectProblem(await harness.http.get('/v1/users').set('Authorization', auth()), 400, 'invalid_request');
  });

  it('when a national id comes without nationality, then 400', async () => {
    expectProblem(await harness.http.get('/v1/users?nationalId=48804120123').set('Authorization', auth()), 400, 'invalid_request');
  });

  it('when the phone is not E.164, then 400 says so', async () => {
    const response = await harness.http.get('/v1/users?phone=060012345').set('Authorization', auth());
    expectProblem(response, 400, 'invalid_request');
    expect(response.body.detail).toMatch(/E\.164/);
  });

  it('when a query parameter is unknown, then 400', async () => {
    expectProblem(await harness.http.get('/v1/users?email=a@example.com&limit=5').set('Authorization', auth()), 400, 'invalid_request');
  });

  it('when a lookup names an unknown connection, then 400', async () => {
    expectProblem(await harness.http.get('/v1/users?email=a@example.com&connections=nope').set('Authorization', auth()), 400, 'invalid_request');
  });

  it('when the global id has no connection part, then 400 invalid_user_id', async () => {
    expectProblem(await harness.http.get('/v1/users/1001').set('Authorization', auth()), 400, 'invalid_user_id');
  });

  it('when a create body is not JSON, then 415', async () => {
    const response = await harness.http.post('/v1/users').set('Authorization', auth()).set('Content-Type', 'text/plain').send('hello');
    expectProblem(response, 415, 'invalid_request');
  });

  it('when a create body is malformed JSON, then 400', async () => {
    const response = await harness.http.post('/v1/users').set('Authorization', auth()).set('Content-Type', 'application/json').send('{"connection":');
    expectProblem(response, 400, 'invalid_request');
  });

  it('when a create body is too large, then 413', async () => {
    const response = await harness.http
      .post('/v1/users')
      .set('Authorization', auth())
      .send({ connection: adapter.name, user: { email: 'a@example.com' }, options: { padding: 'x'.repeat(200 * 1024) } });
    expectProblem(response, 413, 'invalid_request');
  });

  it('when a create body carries unknown keys, then 400 lists them', async () => {
    const response = await harness.http
      .post('/v1/users')
      .set('Authorization', auth())
      .send({ connection: adapter.name, user: { email: 'a@example.com', isAdmin: true } });
    expectProblem(response, 400, 'invalid_request');
    expect(response.body.invalidFields).toEqual([{ field: 'user.isAdmin', message: '"user.isAdmin" is not allowed' }]);
  });

  it('when a create names an unknown connection, then 400', async () => {
    const response = await harness.http
      .post('/v1/users')
      .set('Authorization', auth())
      .send({ connection: 'nope', user: { email: 'a@example.com' } });
    expectProblem(response, 400, 'invalid_request');
  });

  it('when a create passes options the adapter does not know, then 400', async () => {
    const response = await harness.http
      .post('/v1/users')
      .set('Authorization', auth())
      .send({ connection: adapter.name, user: { email: 'a@example.com' }, options: { role: 'admin' } });
    expectProblem(response, 400, 'invalid_request');
  });

  it('when a patch is empty, then 400', async () => {
    expectProblem(
      await harness.http
        .patch(`/v1/users/${encodeURIComponent(personId(adapter))}`)
        .set('Authorization', auth())
        .send({}),
      400,
      'invalid_request',
    );
  });

  it('when the route does not exist, then 404 problem+json', async () => {
    expectProblem(await harness.http.get('/v1/nothing-here').set('Authorization', auth()), 404, 'not_found');
  });
});

describe('service routes', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('when /healthz is called without a token, then it answers ok', async () => {
    const response = await harness.http.get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('when listing connections, then each shows its adapter and capabilities, and the base URL only to admins', async () => {
    const reader = await harness.http.get('/v1/connections').set('Authorization', harness.bearer(['users:read']));
    expect(reader.status).toBe(200);
    expect(reader.body.data[0]).toMatchObject({ name: adapter.name, adapter: adapter.name, capabilities: adapter.capabilities });
    expect(reader.body.data[0].baseUrl).toBeUndefined();
    const admin = await harness.http.get('/v1/connections').set('Authorization', harness.bearer(['connections:admin']));
    expect(admin.body.data[0].baseUrl).toBe(harness.simulators[adapter.name]!.baseUrl);
  });

  it('when the response is sent, then it carries a request id and no x-powered-by', async () => {
    const response = await harness.http.get('/healthz').set('X-Request-Id', 'trace-123');
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
