import { paysera } from '../../adapters/paysera';
import { startHarness, type Harness } from '../support/harness';

describe('writes under faults', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter: paysera }] });
  });
  afterAll(() => harness.close());
  const posts = () => harness.simulators.paysera!.requests.filter((request) => request.method === 'POST').length;

  it('when the connection resets after the provider handled a create, then exactly one create reached the provider', async () => {
    harness.simulators.paysera!.faults.set({ resetAfterHandlingRate: 1, match: { method: 'POST' } });
    const before = posts();
    const response = await harness.http
      .post('/v1/users')
      .set('Authorization', harness.bearer())
      .send({ connection: 'paysera', user: { email: 'reset.after@example.com' }, password: 'secretPassword22' });
    harness.simulators.paysera!.faults.clear();
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('provider_unavailable');
    expect(posts() - before).toBe(1);
    const found = await harness.http.get('/v1/users?email=reset.after@example.com').set('Authorization', harness.bearer());
    expect(found.body.connections.paysera.count).toBe(1);
  });
});
