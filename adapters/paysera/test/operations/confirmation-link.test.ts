import { startHarness, type Harness } from '../../../../test/support/harness';
import { paysera } from '../..';
import { startPayseraSimulator, type RunningPayseraSimulator } from '../../simulator/server';

/**
 * Paysera sends the real confirmation code into `confirmationLink` (and a registration's
 * `phoneLink`/`emailLink`): a link to another scheme or host would hand the code to whoever owns
 * it. Only https links are taken, without credentials in them, and, where the connection lists
 * `confirmationLinkHosts`, only to those hosts.
 */
describe('Paysera confirmation links', () => {
  let simulator: RunningPayseraSimulator;
  let open: Harness;
  let listed: Harness;
  beforeAll(async () => {
    simulator = await startPayseraSimulator();
    [open, listed] = await Promise.all([
      startHarness({ connections: [{ adapter: paysera, simulator }] }),
      startHarness({ connections: [{ adapter: paysera, simulator, options: { confirmationLinkHosts: ['app.example.com'] } }] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([open.close(), listed.close()]);
    await simulator.close();
  });
  const assign = (harness: Harness, confirmationLink: string) =>
    harness.http
      .post('/v1/connections/paysera/users/1002/email')
      .set('Authorization', harness.bearer())
      .send({ email: `link-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`, confirmationLink });
  const register = (harness: Harness, options: Readonly<Record<string, string>>) =>
    harness.http
      .post('/v1/users')
      .set('Authorization', harness.bearer())
      .send({ connection: 'paysera', user: { email: `register-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com` }, options });
  const registrations = () => simulator.requests.filter((request) => request.method === 'POST').length;

  it.each([
    ['a javascript: link', 'javascript:alert(document.cookie)//{code}'],
    ['a file: link', 'file:///etc/passwd?{code}'],
    ['a plain http link', 'http://app.example.com/confirm/{code}'],
    ['an app scheme, which any app may claim', 'myapp://confirm/{code}'],
    ['credentials before the host', 'https://app.example.com@evil.example/confirm/{code}'],
  ])('when the link is %s, then 400 names confirmationLink and Paysera is not called', async (_what, link) => {
    const before = simulator.requests.length;
    const response = await assign(open, link);
    expect(response.status).toBe(400);
    expect(response.body.invalidFields).toEqual([{ field: 'confirmationLink', message: expect.any(String) }]);
    expect(simulator.requests.length).toBe(before);
  });

  it('when the link is https and the connection lists no hosts, then it is taken', async () => {
    expect((await assign(open, 'https://app.example.com/confirm/{code}')).status).toBe(200);
  });

  it('when the connection lists hosts and the link is to another, then 400 and Paysera is not called', async () => {
    const before = simulator.requests.length;
    const response = await assign(listed, 'https://evil.example/confirm/{code}');
    expect(response.status).toBe(400);
    expect(response.body.invalidFields[0].field).toBe('confirmationLink');
    expect(simulator.requests.length).toBe(before);
  });

  it.each([
    ['a backslash before @ (a browser reads the listed host, other URL parsers the one after @)', 'https://app.example.com\\@evil.example/confirm/{code}'],
    ['a character no URL holds unencoded', 'https://app.example.com/confirm/{code}"onclick'],
  ])('when the connection lists hosts and the link holds %s, then 400 and Paysera is not called', async (_what, link) => {
    const before = simulator.requests.length;
    const response = await assign(listed, link);
    expect(response.status).toBe(400);
    expect(response.body.invalidFields[0].field).toBe('confirmationLink');
    expect(simulator.requests.length).toBe(before);
  });

  it('when the connection lists hosts and the link is to one of them, then it is taken', async () => {
    expect((await assign(listed, 'https://app.example.com/confirm/{code}')).status).toBe(200);
  });

  it.each([
    ['a javascript: phoneLink', 'open', { phoneLink: 'javascript:alert(1)//{code}' }],
    ['an emailLink to an unlisted host', 'listed', { emailLink: 'https://evil.example/{code}' }],
  ] as const)('when a registration carries %s, then 400 and nothing is registered', async (_what, which, options) => {
    const before = registrations();
    const response = await register(which === 'open' ? open : listed, options);
    expect(response.status).toBe(400);
    expect(registrations()).toBe(before);
  });

  it('when a registration carries links to a listed host, then the user is registered', async () => {
    expect((await register(listed, { phoneLink: 'https://app.example.com/phone/{code}' })).status).toBe(201);
  });
});
