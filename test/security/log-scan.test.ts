import { startHarness, type Harness } from '../support/harness';

/**
 * Drives every kind of request at debug level, then scans every log line for the secrets and
 * personal data that went through the gateway: none may appear, in any form.
 */
describe('log scan', () => {
  let harness: Harness;
  const secrets: string[] = [];
  beforeAll(async () => {
    harness = await startHarness({ redis: true, logLevel: 'debug' });
    const token = harness.token();
    const { macKey, clientId } = harness.simulators.paysera!.credentials as { macKey: string; clientId: string };
    secrets.push(token, token.split('.')[2]!, macKey, clientId);
    const auth = `Bearer ${token}`;
    const person = { email: 'Secret.Person@example.com', phone: '+37069912345', nationalId: '39001011234', password: 'hunter2-very-secret' };
    secrets.push(person.email, person.email.toLowerCase(), person.phone, person.phone.slice(1), person.nationalId, person.password);
    secrets.push('egle.jankauskiene@example.com', '+37060012345', '37060012345', '48804120123');

    await harness.http.get('/v1/users/paysera:1001').set('Authorization', auth);
    await harness.http.get(`/v1/users?email=${encodeURIComponent('egle.jankauskiene@example.com')}`).set('Authorization', auth);
    await harness.http.get(`/v1/users?phone=${encodeURIComponent('+37060012345')}`).set('Authorization', auth);
    await harness.http.get('/v1/users?nationalId=48804120123&nationality=LT').set('Authorization', auth);
    await harness.http
      .post('/v1/users')
      .set('Authorization', auth)
      .set('Idempotency-Key', 'log-scan-1')
      .send({
        connection: 'paysera',
        user: { email: person.email, phone: person.phone, nationalId: person.nationalId, nationality: 'LT' },
        password: person.password,
      });
    await harness.http
      .post('/v1/users')
      .set('Authorization', auth)
      .send({ connection: 'paysera', user: { email: person.email }, password: person.password });
    await harness.http.patch('/v1/users/paysera:1007').set('Authorization', auth).send({ email: person.email });
    await harness.http.get('/v1/users/paysera:1001').set('Authorization', `Bearer ${token}x`);
    await harness.http.post('/v1/users').set('Authorization', auth).set('Content-Type', 'application/json').send(`{"user": {"email": "${person.email}"`);
    await harness.http.get(`/v1/users?email=${encodeURIComponent(person.email)}&phone=${encodeURIComponent(person.phone)}`).set('Authorization', auth);

    const ops = '/v1/connections/paysera';
    const extra = { code: 'QWERTYSECRET', newPassword: 'another-very-secret-pw', document: 'SECRET-DOCUMENT-CONTENT', lat: '54.6912345' };
    secrets.push(...Object.values(extra));
    await harness.http.post(`${ops}/users/1002/phone`).set('Authorization', auth).send({ phone: person.phone, confirmationLink: 'myapp://c/{code}' });
    await harness.http.put(`${ops}/users/1002/phone/confirm`).set('Authorization', auth).send({ code: extra.code });
    await harness.http.post(`${ops}/password-reset`).set('Authorization', auth).send({ email: 'egle.jankauskiene@example.com', nationalId: '48804120123' });
    await harness.http.put(`${ops}/users/1002/password`).set('Authorization', auth).send({ oldPassword: person.password, password: extra.newPassword });
    await harness.http
      .put(`${ops}/users/1002/identity`)
      .set('Authorization', auth)
      .send({ name: { given: 'A', family: 'B' }, nationality: 'LT', nationalId: person.nationalId });
    await harness.http.get(`${ops}/users/1001/identity`).set('Authorization', auth);
    await harness.http.get(`${ops}/users/1001/receipts/identification`).set('Authorization', auth);
    await harness.http
      .put(`${ops}/users/1002/position`)
      .set('Authorization', auth)
      .send({ lat: Number(extra.lat), lng: 25.2 });
    await harness.http.get(`${ops}/positions?lat=${extra.lat}&lng=25.2&distance=100`).set('Authorization', auth);
    await harness.http
      .post(`${ops}/users/1002/documents`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from(`%PDF-1.4 ${extra.document}`));
    const book = await harness.http
      .post(`${ops}/users/1002/contact-book`)
      .set('Authorization', auth)
      .send({ emails: [person.email], phones: [person.phone] });
    await harness.http.delete(`${ops}/contact-books/${book.body.contactBookId}/contacts?emails=${encodeURIComponent(person.email)}`).set('Authorization', auth);
  });
  afterAll(() => harness.close());

  it('when requests of every kind have run, then there are request and upstream log lines to scan', () => {
    expect(harness.logs.some((line) => line.includes('"message":"request"'))).toBe(true);
    expect(harness.logs.some((line) => line.includes('"message":"upstream call"'))).toBe(true);
  });

  it('when the logs are scanned, then no token, MAC key, password, email, phone or national id appears', () => {
    const text = harness.logs.join('\n').toLowerCase();
    const leaked = secrets.filter((secret) => text.includes(secret.toLowerCase()));
    expect(leaked).toEqual([]);
  });
});
