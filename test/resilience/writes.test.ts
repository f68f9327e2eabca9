import { startHarness, type Harness } from '../support/harness';
import { adapterWith, newUserRequest } from '../support/registry';

/** An adapter that creates users and finds them by email: how an unanswered create is settled. */
const adapter = adapterWith({ create: true, lookup: 'email' });
const simulator = (harness: Harness) => harness.simulators[adapter.name]!;

describe('writes under faults', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter }] });
  });
  afterAll(() => harness.close());
  const posts = () => simulator(harness).requests.filter((request) => request.method === 'POST').length;

  it('when the connection resets after the provider handled a create, then exactly one create reached the provider', async () => {
    simulator(harness).faults.set({ resetAfterHandlingRate: 1, match: { method: 'POST' } });
    const before = posts();
    const response = await harness.http.post('/v1/users').set('Authorization', harness.bearer()).send(newUserRequest(adapter, 'reset.after@example.com'));
    simulator(harness).faults.clear();
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('provider_unavailable');
    expect(posts() - before).toBe(1);
    const found = await harness.http.get('/v1/users?email=reset.after@example.com').set('Authorization', harness.bearer());
    expect(found.body.connections[adapter.name].count).toBe(1);
  });
});

describe('an unanswered create with an Idempotency-Key', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ redis: true, connections: [{ adapter }] });
  });
  afterAll(() => harness.close());
  const posts = () => simulator(harness).requests.filter((request) => request.method === 'POST').length;
  const create = (key: string, email: string) =>
    harness.http.post('/v1/users').set('Authorization', harness.bearer()).set('Idempotency-Key', key).send(newUserRequest(adapter, email));

  it('when the provider did create the user, then the repeat finds it and answers 201 with it, creating nothing more', async () => {
    simulator(harness).faults.set({ resetAfterHandlingRate: 1, match: { method: 'POST' }, count: 1 });
    const before = posts();
    const first = await create('unanswered-1', 'unanswered.one@example.com');
    expect(first.status).toBe(503);
    expect(first.body.detail).toMatch(/same Idempotency-Key/);
    const repeat = await create('unanswered-1', 'unanswered.one@example.com');
    expect(repeat.status).toBe(201);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body.email).toBe('unanswered.one@example.com');
    expect(posts() - before).toBe(1);
  });

  it('when the provider never got the create, then the repeat makes it, once', async () => {
    simulator(harness).faults.set({ resetRate: 1, match: { method: 'POST' }, count: 1 });
    const before = posts();
    expect((await create('unanswered-2', 'unanswered.two@example.com')).status).toBe(503);
    const repeat = await create('unanswered-2', 'unanswered.two@example.com');
    expect(repeat.status).toBe(201);
    expect(posts() - before).toBe(2);
    const again = await create('unanswered-2', 'unanswered.two@example.com');
    expect(again.body.id).toBe(repeat.body.id);
    expect(posts() - before).toBe(2);
  });
});
