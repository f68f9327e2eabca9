import { startHarness, type Harness } from '../../../../test/support/harness';
import { paysera } from '../..';
import { startPayseraSimulator, type RunningPayseraSimulator } from '../../simulator/server';

const OPS = '/v1/connections/paysera';

describe('Paysera services through the gateway', () => {
  let harness: Harness;
  let simulator: RunningPayseraSimulator;
  beforeAll(async () => {
    const noServices = { clientId: 'no-services', macKey: 'no-services-key', scopes: [] };
    simulator = await startPayseraSimulator({ otherClients: [noServices] });
    harness = await startHarness({
      connections: [
        { adapter: paysera, simulator },
        { name: 'paysera-limited', adapter: paysera, simulator, credentials: { clientId: noServices.clientId, macKey: noServices.macKey } },
      ],
    });
  });
  afterAll(async () => {
    await harness.close();
    await simulator.close();
  });

  it('when listing, then every Paysera service comes back with its status', async () => {
    const response = await harness.http.get(`${OPS}/users/1001/services`).set('Authorization', harness.bearer());
    expect(response.status).toBe(200);
    expect(response.body.services.map((service: { service: string }) => service.service)).toEqual([
      'affiliate',
      'macro',
      'micro',
      'offline',
      'payment_instruments',
      'paysera_app',
      'sms_bank',
    ]);
    expect(response.body.services[0]).toEqual({
      service: 'affiliate',
      status: 'disabled',
      title: 'Affiliate program participant',
      actions: ['enable'],
      url: null,
      enabledAt: null,
    });
  });

  it('when a service is enabled, then it comes back enabled with the time it was enabled, and the list agrees', async () => {
    const response = await harness.http.put(`${OPS}/users/1001/services/paysera_app`).set('Authorization', harness.bearer());
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ service: 'paysera_app', status: 'enabled', actions: [], enabledAt: expect.stringMatching(/Z$/) });
    expect(simulator.requests.at(-1)).toEqual({ method: 'PUT', path: '/rest/v1/user/1001/service/paysera_app' });
    const list = await harness.http.get(`${OPS}/users/1001/services`).set('Authorization', harness.bearer());
    expect(list.body.services.find((service: { service: string }) => service.service === 'paysera_app').status).toBe('enabled');
  });

  it('when the service is not one Paysera has, then 400 and Paysera is not called', async () => {
    const before = simulator.requests.length;
    const response = await harness.http.put(`${OPS}/users/1001/services/crypto`).set('Authorization', harness.bearer());
    expect(response.status).toBe(400);
    expect(response.body.invalidFields[0].field).toBe('service');
    expect(simulator.requests.length).toBe(before);
  });

  it('when the Paysera client lacks the services scope, then 403 forbidden from the provider', async () => {
    const response = await harness.http.get('/v1/connections/paysera-limited/users/1001/services').set('Authorization', harness.bearer());
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'forbidden', connection: 'paysera-limited', providerError: { code: 'forbidden' } });
  });
});
