import { adapters } from '../../adapters';
import { startHarness, type Harness } from '../support/harness';
import { newUserRequest, personId } from '../support/registry';

/** Every string a simulator accepts as credentials (keys, secrets, client ids). */
function credentialStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 6 ? [value] : [];
  return value && typeof value === 'object' ? Object.values(value).flatMap(credentialStrings) : [];
}

/**
 * Drives every kind of request at every adapter of the registry at debug level, then scans every
 * log line for the secrets and personal data that went through the gateway: none may appear, in any form.
 */
describe('log scan', () => {
  let harness: Harness;
  const secrets: string[] = [];
  beforeAll(async () => {
    harness = await startHarness({ redis: true, logLevel: 'debug' });
    const token = harness.token();
    secrets.push(token, token.split('.')[2]!, ...Object.values(harness.simulators).flatMap((simulator) => credentialStrings(simulator.credentials)));
    const auth = `Bearer ${token}`;
    const person = { email: 'Secret.Person@example.com', phone: '+37069912345', nationalId: '39001011234', password: 'hunter2-very-secret' };
    secrets.push(person.email, person.email.toLowerCase(), person.phone, person.phone.slice(1), person.nationalId, person.password);
    secrets.push('egle.jankauskiene@example.com', '+37060012345', '37060012345', '48804120123');

    await harness.http.get(`/v1/users?email=${encodeURIComponent('egle.jankauskiene@example.com')}`).set('Authorization', auth);
    await harness.http.get(`/v1/users?phone=${encodeURIComponent('+37060012345')}`).set('Authorization', auth);
    await harness.http.get('/v1/users?nationalId=48804120123&nationality=LT').set('Authorization', auth);
    for (const adapter of adapters) {
      const user = `/v1/users/${encodeURIComponent(personId(adapter))}`;
      await harness.http.get(user).set('Authorization', auth);
      await harness.http.get(user).set('Authorization', `Bearer ${token}x`);
      if (adapter.demo.newUser) {
        const request = newUserRequest(adapter, person.email);
        const withSecrets = {
          ...request,
          user: { ...request.user, phone: person.phone, nationalId: person.nationalId, nationality: 'LT' },
          password: person.password,
        };
        await harness.http.post('/v1/users').set('Authorization', auth).set('Idempotency-Key', `log-scan-${adapter.name}`).send(withSecrets);
        await harness.http
          .post('/v1/users')
          .set('Authorization', auth)
          .send({ ...request, ...(request.password !== undefined && { password: person.password }) });
      }
      if (adapter.capabilities.update) await harness.http.patch(user).set('Authorization', auth).send({ email: person.email });
    }
    await harness.http.post('/v1/users').set('Authorization', auth).set('Content-Type', 'application/json').send(`{"user": {"email": "${person.email}"`);
    await harness.http.get(`/v1/users?email=${encodeURIComponent(person.email)}&phone=${encodeURIComponent(person.phone)}`).set('Authorization', auth);
  });
  afterAll(() => harness.close());

  it('when requests of every kind have run, then there are request and upstream log lines to scan', () => {
    expect(harness.logs.some((line) => line.includes('"message":"request"'))).toBe(true);
    expect(harness.logs.some((line) => line.includes('"message":"upstream call"'))).toBe(true);
  });

  it('when the logs are scanned, then no token, credential, password, email, phone or national id appears', () => {
    const text = harness.logs.join('\n').toLowerCase();
    const leaked = secrets.filter((secret) => text.includes(secret.toLowerCase()));
    expect(leaked).toEqual([]);
  });
});
