import type { RunningSimulator } from '../../src/connections/adapter';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith } from '../support/registry';
import { addStoredConnection } from './stored';

/**
 * A stored connection's name may begin with a digit (DESIGN §8), which a declared one may not. Every
 * answer keyed or prefixed by connection names must still be what the OpenAPI document describes (the
 * harness checks each answer against it).
 */
const adapter = adapterWith({ lookup: 'email' });

let harness: Harness;
let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = (await adapter.startSimulator())!;
  harness = await startHarness({ store: true, connections: [{ adapter }] });
  await addStoredConnection(harness.stored!, { tenant: 'acme', name: '7shop', adapter, simulator });
});
afterAll(async () => {
  await harness.close();
  await simulator.close();
});

const acme = () => harness.bearer('all', { tenant: 'acme' });

it('when a lookup fans out to a stored connection whose name begins with a digit, then its outcome is keyed by that name, as documented', async () => {
  const response = await harness.http.get('/v1/users').query({ email: 'nobody@example.com' }).set('Authorization', acme()).expect(200);
  expect(Object.keys(response.body.connections as Record<string, unknown>)).toEqual(['7shop']);
});

it('when a user of that connection is read, then its id carries the name, as documented', async () => {
  const response = await harness.http
    .get(`/v1/users/7shop:${encodeURIComponent(adapter.demo.personId)}`)
    .set('Authorization', acme())
    .expect(200);
  expect(response.body).toMatchObject({ id: `7shop:${adapter.demo.personId}`, connection: '7shop' });
});
