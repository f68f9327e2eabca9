import { startHarness, type Harness } from '../support/harness';
import { adapterWith, newUserRequest } from '../support/registry';

const adapter = adapterWith({ create: true, password: true });

/** `Idempotency-Key` on POST /v1/users, kept in the real Redis. */
describe('idempotent create', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ redis: true, connections: [{ adapter }] });
  });
  afterAll(() => harness.close());

  const registrations = () => harness.simulators[adapter.name]!.requests.filter((request) => request.method === 'POST').length;
  const create = (key: string, email: string, subject = 'client-a', password?: string) =>
    harness.http
      .post('/v1/users')
      .set('Authorization', harness.bearer('all', { subject }))
      .set('Idempotency-Key', key)
      .send({ ...newUserRequest(adapter, email), ...(password !== undefined && { password }) });

  it('when the same key is sent twice, then the second gets the first result and nothing is created twice', async () => {
    const before = registrations();
    const first = await create('key-repeat', 'once@example.com');
    const second = await create('key-repeat', 'once@example.com');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(registrations() - before).toBe(1);
  });

  it('when the same key arrives concurrently, then exactly one create reaches the provider', async () => {
    const before = registrations();
    const responses = await Promise.all(Array.from({ length: 5 }, () => create('key-concurrent', 'concurrent@example.com')));
    expect(registrations() - before).toBe(1);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
  });

  it('when a key is reused with a different body, then 422 and nothing is created', async () => {
    await create('key-mismatch', 'first@example.com');
    const before = registrations();
    const response = await create('key-mismatch', 'second@example.com');
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('invalid_request');
    expect(registrations()).toBe(before);
  });

  it('when a key is reused with another password, then 422 and nothing is created', async () => {
    await create('key-password', 'password@example.com', 'client-a');
    const before = registrations();
    const response = await create('key-password', 'password@example.com', 'client-a', 'otherPassword33');
    expect(response.status).toBe(422);
    expect(registrations()).toBe(before);
  });

  it('when the first attempt failed at the provider, then a repeat gets the same error without a second call', async () => {
    harness.simulators[adapter.name]!.faults.set({ errorRate: 1, errorStatus: 409, match: { method: 'POST' }, count: 1 });
    const first = await create('key-conflict', 'conflict@example.com');
    const before = registrations();
    const second = await create('key-conflict', 'conflict@example.com');
    expect(first.status).toBe(409);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('conflict');
    expect(registrations()).toBe(before);
  });

  it('when another client uses the same key, then it is a separate request', async () => {
    const before = registrations();
    await create('key-shared', 'client-a@example.com', 'client-a');
    const other = await create('key-shared', 'client-b@example.com', 'client-b');
    expect(other.status).toBe(201);
    expect(other.body.email).toBe('client-b@example.com');
    expect(registrations() - before).toBe(2);
  });
});
