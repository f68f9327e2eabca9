import { payseraGateway } from './gateway';

const OPS = '/v1/connections/paysera';

describe('Paysera identity provision and receipts through the gateway', () => {
  const gateway = payseraGateway();
  const provide = (userId: string, body: object) =>
    gateway.harness.http.put(`${OPS}/users/${userId}/identity`).set('Authorization', gateway.harness.bearer()).send(body);
  const receipt = (userId: string, kind: string, query = '') =>
    gateway.harness.http.get(`${OPS}/users/${userId}/receipts/${kind}${query}`).set('Authorization', gateway.harness.bearer());

  it('when an offline client provides the identity, then the canonical user comes back identified', async () => {
    const response = await provide('1002', {
      email: 'new.starter@example.com',
      name: { given: 'Rūta', family: 'Naujokė' },
      nationality: 'lt',
      nationalId: '49001011111',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: 'paysera:1002',
      name: { given: 'Rūta', family: 'Naujokė', full: 'Rūta Naujokė' },
      nationality: 'LT',
      nationalId: '49001011111',
    });
  });

  it("when the national id is another user's, then 409 conflict carries person_code_already_assigned", async () => {
    const response = await provide('1004', { name: { given: 'Zoë', family: 'Ångström' }, nationality: 'LT', nationalId: '48804120123' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'conflict', providerError: { code: 'person_code_already_assigned' } });
  });

  it("when the identification receipt is asked for, then Paysera's text passes through, fitted to the width", async () => {
    const response = await receipt('1001', 'identification', '?locale=lt&width=24');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/plain');
    expect(response.text).toContain('IDENTIFIKAVIMO KVITAS');
    expect(response.text).toContain('Eglė Jankauskienė');
    expect(response.text.split('\n').every((line) => [...line].length <= 24)).toBe(true);
  });

  it('when the registration receipt is asked for, then it comes back too', async () => {
    const response = await receipt('1007', 'registration');
    expect(response.status).toBe(200);
    expect(response.text).toContain('REGISTRATION RECEIPT');
  });

  it('when the user is not identified, then the identification receipt is 409 conflict (invalid_state)', async () => {
    const response = await receipt('1006', 'identification');
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'conflict', providerError: { status: 409, code: 'invalid_state' } });
  });

  it('when the receipt kind is unknown, then 400 and Paysera is not called', async () => {
    const before = gateway.simulator.requests.length;
    expect((await receipt('1001', 'deposit')).status).toBe(400);
    expect(gateway.simulator.requests.length).toBe(before);
  });
});
