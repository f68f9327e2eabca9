import { payseraGateway } from './gateway';

const OPS = '/v1/connections/paysera';

describe('Paysera password reset and change through the gateway', () => {
  const gateway = payseraGateway();
  const requestReset = (body: object) => gateway.harness.http.post(`${OPS}/password-reset`).set('Authorization', gateway.harness.bearer()).send(body);
  const changePassword = (userId: string, body: object) =>
    gateway.harness.http.put(`${OPS}/users/${userId}/password`).set('Authorization', gateway.harness.bearer()).send(body);

  it('when a reset is requested for a user without a national id, then 202 names the user and a code is emailed', async () => {
    const response = await requestReset({ email: 'new.starter@example.com' });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ userId: '1002' });
    expect(gateway.simulator.state.outbox.at(-1)).toMatchObject({ purpose: 'password', to: 'new.starter@example.com' });
  });

  it('when the user has a national id and none is given, then 400 carries identity_required', async () => {
    const response = await requestReset({ email: 'egle.jankauskiene@example.com' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_request', providerError: { status: 400, code: 'identity_required' } });
  });

  it("when the national id given is not the user's, then 400 carries invalid_identity", async () => {
    const response = await requestReset({ email: 'egle.jankauskiene@example.com', nationalId: '39001010000' });
    expect(response.body).toMatchObject({ code: 'invalid_request', providerError: { code: 'invalid_identity' } });
  });

  it('when the right national id is given by phone, then the reset code is texted', async () => {
    const response = await requestReset({ phone: '+37060012345', nationalId: '48804120123' });
    expect(response.status).toBe(202);
    expect(gateway.simulator.state.outbox.at(-1)).toMatchObject({ purpose: 'password', to: '37060012345' });
  });

  it('when nobody has that email, then 404 user_not_found', async () => {
    const response = await requestReset({ email: 'nobody@example.com' });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('user_not_found');
  });

  it('when the password is changed with the reset code, then 204 and nothing is echoed', async () => {
    await requestReset({ email: 'zoe.angstrom@example.com' });
    const response = await changePassword('1004', { code: gateway.simulator.state.lastCodeSentTo('zoe.angstrom@example.com'), password: 'a-new-Passw0rd' });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(gateway.simulator.state.passwords.get(1004)).toBe('a-new-Passw0rd');
  });

  it('when the reset code is wrong, then 400 carries invalid_code', async () => {
    await requestReset({ email: 'maria.papadopoulou@example.com', nationalId: 'AB123456' });
    const response = await changePassword('1005', { code: 'WRONG1', password: 'a-new-Passw0rd' });
    expect(response.body).toMatchObject({ code: 'invalid_request', providerError: { code: 'invalid_code' } });
  });

  it('when too many codes were asked for, then 429 carries rate_limit_exceeded', async () => {
    for (let request = 0; request < 3; request += 1) await requestReset({ email: 'finance@pavyzdys.example' });
    const response = await requestReset({ email: 'finance@pavyzdys.example' });
    expect(response.status).toBe(429);
    expect(response.body).toMatchObject({ code: 'rate_limited', providerError: { code: 'rate_limit_exceeded' } });
  });

  describe('with the old password', () => {
    let userId: string;
    beforeAll(async () => {
      const created = await gateway.harness.http
        .post('/v1/users')
        .set('Authorization', gateway.harness.bearer())
        .send({ connection: 'paysera', user: { email: 'changer@example.com' }, password: 'first-Passw0rd' });
      userId = created.body.providerUserId;
    });

    it('when the old password is wrong, then 400 carries invalid_password', async () => {
      const response = await changePassword(userId, { oldPassword: 'not-the-password', password: 'second-Passw0rd' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_request', providerError: { code: 'invalid_password' } });
    });

    it('when the old password is right, then 204', async () => {
      const response = await changePassword(userId, { oldPassword: 'first-Passw0rd', password: 'second-Passw0rd' });
      expect(response.status).toBe(204);
    });
  });

  it('when both a code and the old password are given, then 400 and Paysera is not called', async () => {
    const before = gateway.simulator.requests.length;
    const response = await changePassword('1004', { code: 'ABCDEF', oldPassword: 'x', password: 'a-new-Passw0rd' });
    expect(response.status).toBe(400);
    expect(gateway.simulator.requests.length).toBe(before);
  });
});
