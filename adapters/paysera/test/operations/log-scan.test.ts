import { startHarness, type Harness } from '../../../../test/support/harness';
import { paysera } from '../..';

const ops = '/v1/connections/paysera';

/** Paysera's provider-only operations at debug level, then every log line scanned for what went through them. */
describe('Paysera operations in the log', () => {
  let harness: Harness;
  const secrets: string[] = [];
  beforeAll(async () => {
    harness = await startHarness({ redis: true, logLevel: 'debug', connections: [{ adapter: paysera }] });
    const token = harness.token();
    const { macKey, clientId } = harness.simulators.paysera!.credentials as { macKey: string; clientId: string };
    secrets.push(token, macKey, clientId);
    const auth = `Bearer ${token}`;
    const person = { email: 'Secret.Person@example.com', phone: '+37069912345', nationalId: '39001011234', password: 'hunter2-very-secret' };
    secrets.push(person.email, person.email.toLowerCase(), person.phone, person.phone.slice(1), person.nationalId, person.password);
    secrets.push('egle.jankauskiene@example.com', '48804120123');
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

  it('when the logs are scanned, then no token, MAC key, password, code, email, phone, position or document appears', () => {
    const text = harness.logs.join('\n').toLowerCase();
    expect(secrets.filter((secret) => text.includes(secret.toLowerCase()))).toEqual([]);
  });
});
