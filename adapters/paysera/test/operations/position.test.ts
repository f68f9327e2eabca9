import { payseraGateway } from './gateway';

const OPS = '/v1/connections/paysera';
const VILNIUS = { lat: 54.698686, lng: 25.216615 };

describe('Paysera positions through the gateway', () => {
  const gateway = payseraGateway();
  const provide = (userId: string, position: object) =>
    gateway.harness.http.put(`${OPS}/users/${userId}/position`).set('Authorization', gateway.harness.bearer()).send(position);
  const search = (query: string) => gateway.harness.http.get(`${OPS}/positions?${query}`).set('Authorization', gateway.harness.bearer());

  it('when a merchant position is provided, then it comes back and can be read again', async () => {
    const response = await provide('1006', { ...VILNIUS, type: 'merchant' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...VILNIUS, type: 'merchant' });
    const read = await gateway.harness.http.get(`${OPS}/users/1006/position`).set('Authorization', gateway.harness.bearer());
    expect(read.body).toEqual({ ...VILNIUS, type: 'merchant' });
  });

  it('when no type is given, then the position is the default (public) one', async () => {
    const response = await provide('1007', { lat: 54.7, lng: 25.22 });
    expect(response.body).toEqual({ lat: 54.7, lng: 25.22, type: 'default' });
  });

  it('when searching near a point, then public and merchant positions within the distance come back, hidden ones never', async () => {
    await provide('1003', { lat: 54.6987, lng: 25.2167, type: 'hidden' });
    await provide('1004', { lat: 52.2297, lng: 21.0122 });
    const response = await search(`lat=${VILNIUS.lat}&lng=${VILNIUS.lng}&distance=1000`);
    expect(response.status).toBe(200);
    expect(response.body.positions.map((found: { userId: string }) => found.userId).sort()).toEqual(['1006', '1007']);
    expect(response.body.total).toBe(2);
  });

  it('when the position is removed, then reading it is 404 not_found (not user_not_found)', async () => {
    await provide('1005', VILNIUS);
    const removed = await gateway.harness.http.delete(`${OPS}/users/1005/position`).set('Authorization', gateway.harness.bearer());
    expect(removed.status).toBe(204);
    const read = await gateway.harness.http.get(`${OPS}/users/1005/position`).set('Authorization', gateway.harness.bearer());
    expect(read.status).toBe(404);
    expect(read.body).toMatchObject({ code: 'not_found', providerError: { status: 404 } });
  });

  it('when the latitude is out of range, then 400 and Paysera is not called', async () => {
    const before = gateway.simulator.requests.length;
    const response = await provide('1001', { lat: 91, lng: 25 });
    expect(response.status).toBe(400);
    expect(gateway.simulator.requests.length).toBe(before);
  });

  it('when the search has no distance, then 400 and Paysera is not called', async () => {
    const before = gateway.simulator.requests.length;
    expect((await search('lat=54.7&lng=25.2')).status).toBe(400);
    expect(gateway.simulator.requests.length).toBe(before);
  });
});
