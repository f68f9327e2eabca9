import { randomBytes } from 'node:crypto';
import { startHarness, type Harness } from '../../../test/support/harness';
import { wise } from '..';
import { startWiseSimulator, type RunningWiseSimulator } from '../simulator/server';

/**
 * Drives every Wise path (token fetches, signup with a registration code, refresh, contact email)
 * at debug level, then scans every log line for the secrets and personal data that went through.
 */
describe('Wise log scan', () => {
  let simulator: RunningWiseSimulator;
  let harness: Harness;
  const registrationCode = randomBytes(33).toString('base64url');
  const emails = ['egle.jankauskiene@example.com', 'log.scan@example.com', 'contact.scan@example.com'];
  beforeAll(async () => {
    simulator = await startWiseSimulator();
    harness = await startHarness({ connections: [{ adapter: wise, simulator }], redis: true, logLevel: 'debug' });
    const auth = harness.bearer();
    const send = (method: 'get' | 'post' | 'put', path: string, body?: object) => harness.http[method](path).set('Authorization', auth).send(body);
    await send('get', '/v1/users/wise:5001');
    await send('get', '/v1/users/wise:me');
    await send('get', `/v1/users?email=${encodeURIComponent(emails[0]!)}`);
    const created = await send('post', '/v1/users', { connection: 'wise', user: { email: emails[1], locale: 'en' }, options: { registrationCode } });
    const id = created.body.providerUserId as string;
    await send('put', `/v1/connections/wise/users/${id}/contact-email`, { email: emails[2] });
    simulator.tokens.invalidateAccessTokens(Number(id));
    await send('get', `/v1/connections/wise/users/${id}/contact-email`);
    await send('post', '/v1/users', { connection: 'wise', user: { email: emails[0] }, options: { registrationCode } });
    await send('post', '/v1/users', { connection: 'wise', user: { email: 'x@example.com' }, options: { registrationCode: 'short' } });
  });
  afterAll(async () => {
    await harness.close();
    await simulator.close();
  });

  it('when every Wise path has run, then there are upstream log lines for token and user calls', () => {
    const operations = harness.logs.filter((line) => line.includes('"message":"upstream call"')).map((line) => JSON.parse(line).operation);
    expect(new Set(operations)).toEqual(new Set(['getUser', 'getMe', 'requestToken', 'userExists', 'signup', 'setContactEmail', 'getContactEmail']));
  });

  it('when the logs are scanned, then no client secret, token, encryption key, registration code or email appears', () => {
    const { clientSecret, userToken, tokenEncryptionKey } = simulator.credentials as Record<string, string>;
    const secrets = [clientSecret!, userToken!, tokenEncryptionKey!, registrationCode, ...simulator.tokens.issuedTokens(), ...emails];
    const text = harness.logs.join('\n').toLowerCase();
    expect(secrets.filter((secret) => text.includes(secret.toLowerCase()))).toEqual([]);
  });
});
