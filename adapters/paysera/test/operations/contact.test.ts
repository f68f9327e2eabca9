import { payseraGateway } from './gateway';

const OPS = '/v1/connections/paysera';

describe('Paysera phone and email assignment and confirmation through the gateway', () => {
  const gateway = payseraGateway();
  const send = (method: 'post' | 'put', path: string, body: object) =>
    gateway.harness.http[method](`${OPS}${path}`).set('Authorization', gateway.harness.bearer()).send(body);
  const codeSentTo = (to: string) => gateway.simulator.state.lastCodeSentTo(to)!;

  it('when a phone is assigned, then Paysera texts a code into the given link and the user comes back unchanged', async () => {
    const response = await send('post', '/users/1002/phone', { phone: '+37069900011', confirmationLink: 'https://app.example.com/phone/{code}' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: 'paysera:1002', phone: null });
    expect(gateway.simulator.state.outbox.at(-1)).toEqual({
      purpose: 'phone',
      to: '37069900011',
      code: expect.any(String),
      link: `https://app.example.com/phone/${codeSentTo('37069900011')}`,
    });
  });

  it('when a write-only token assigns an email, then 204 without the user', async () => {
    const response = await gateway.harness.http
      .post(`${OPS}/users/1002/email`)
      .set('Authorization', gateway.harness.bearer(['users:write']))
      .send({ email: `write-only-${Date.now()}@example.com` });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
  });

  it('when the phone is confirmed with the code sent, then the user has it', async () => {
    await send('post', '/users/1004/phone', { phone: '+37069900012' });
    const response = await send('put', '/users/1004/phone/confirm', { code: codeSentTo('37069900012') });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: 'paysera:1004', phone: '+37069900012' });
  });

  it('when the code is wrong, then 400 carries invalid_code', async () => {
    await send('post', '/users/1003/phone', { phone: '+37069900013' });
    const response = await send('put', '/users/1003/phone/confirm', { code: 'WRONG1' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_request', origin: 'provider', providerError: { status: 400, code: 'invalid_code' } });
  });

  it('when wrong codes keep coming, then Paysera stops trying them: 429 rate_limit_exceeded, even for the right code', async () => {
    await send('post', '/users/1005/phone', { phone: '+37069900014' });
    for (let attempt = 0; attempt < 3; attempt += 1) await send('put', '/users/1005/phone/confirm', { code: 'WRONG1' });
    const response = await send('put', '/users/1005/phone/confirm', { code: codeSentTo('37069900014') });
    expect(response.status).toBe(429);
    expect(response.body).toMatchObject({ code: 'rate_limited', retryable: true, providerError: { status: 429, code: 'rate_limit_exceeded' } });
  });

  it("when the phone is another user's, then 409 conflict carries phone_already_assigned", async () => {
    const response = await send('post', '/users/1002/phone', { phone: '+37060012345' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'conflict', providerError: { code: 'phone_already_assigned' } });
  });

  it('when an email is assigned and confirmed, then the user has the new email', async () => {
    await send('post', '/users/1003/email', { email: 'jozef@example.com', confirmationLink: 'https://app.example.com/confirm?code={code}' });
    expect(gateway.simulator.state.outbox.at(-1)?.link).toBe(`https://app.example.com/confirm?code=${codeSentTo('jozef@example.com')}`);
    const response = await send('put', '/users/1003/email/confirm', { code: codeSentTo('jozef@example.com') });
    expect(response.body).toMatchObject({ email: 'jozef@example.com', emailVerified: true });
  });

  it("when the email is another user's, then 409 conflict carries email_already_assigned", async () => {
    const response = await send('post', '/users/1003/email', { email: 'egle.jankauskiene@example.com' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'conflict', providerError: { code: 'email_already_assigned' } });
  });

  it('when the caller lacks users:pii, then the user it gets back has its personal data nulled', async () => {
    const response = await gateway.harness.http
      .post(`${OPS}/users/1001/email`)
      .set('Authorization', gateway.harness.bearer(['users:write', 'users:read']))
      .send({ email: 'egle.new@example.com' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: 'paysera:1001', nationalId: null, address: null, dateOfBirth: null });
  });
});
