import { startHarness, type Harness } from '../../../../test/support/harness';
import { paysera } from '../..';
import { startPayseraSimulator, type RunningPayseraSimulator } from '../../simulator/server';

const OPS = '/v1/connections/paysera';

describe('Paysera field sub-resources through the gateway', () => {
  let harness: Harness;
  let simulator: RunningPayseraSimulator;
  beforeAll(async () => {
    const emailOnly = { clientId: 'email-only', macKey: 'email-only-key', scopes: ['email' as const] };
    simulator = await startPayseraSimulator({ otherClients: [emailOnly] });
    harness = await startHarness({
      connections: [
        { adapter: paysera, simulator },
        { name: 'paysera-email-only', adapter: paysera, simulator, credentials: { clientId: emailOnly.clientId, macKey: emailOnly.macKey } },
      ],
    });
  });
  afterAll(async () => {
    await harness.close();
    await simulator.close();
  });
  const get = (path: string) => harness.http.get(`${OPS}${path}`).set('Authorization', harness.bearer());

  it('when reading the email, then only the confirmed email comes back', async () => {
    const response = await get('/users/1001/email');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ email: 'egle.jankauskiene@example.com' });
    expect(simulator.requests.at(-1)).toEqual({ method: 'GET', path: '/rest/v1/user/1001/email' });
  });

  it('when reading the phone, then it comes back in E.164', async () => {
    const response = await get('/users/1001/phone');
    expect(response.body).toEqual({ phone: '+37060012345' });
  });

  it('when reading the address, then it comes back in canonical words', async () => {
    const response = await get('/users/1001/address');
    expect(response.body).toEqual({ address: { line1: 'Gedimino pr. 1', city: 'Vilnius', postalCode: 'LT-01103', state: null, country: 'LT' } });
  });

  it('when reading the identity, then name, nationality and national id come back', async () => {
    const response = await get('/users/1001/identity');
    expect(response.body).toEqual({
      name: { given: 'Eglė', family: 'Jankauskienė', full: 'Eglė Jankauskienė' },
      nationality: 'LT',
      nationalId: '48804120123',
    });
  });

  it('when reading the wallets, then each has its id and account number, and a wallet without an account has none (not a provider_error)', async () => {
    const response = await get('/users/1001/wallets');
    expect(response.body).toEqual({
      wallets: [
        { id: '20001', accountNumber: 'EVP0000000020001' },
        { id: '20002', accountNumber: null },
      ],
    });
  });

  it('when inactive wallets are asked for, then Paysera is sent inactive_included=true and the closed wallet comes too', async () => {
    const response = await get('/users/1001/wallets?inactiveIncluded=true');
    expect(response.body.wallets.map((wallet: { id: string }) => wallet.id)).toEqual(['20001', '20002', '20003']);
    expect(simulator.requests.at(-1)).toMatchObject({ path: '/rest/v1/user/1001/wallets', query: 'inactive_included=true' });
  });

  it('when inactiveIncluded is not a boolean, then 400 and Paysera is not called', async () => {
    const before = simulator.requests.length;
    expect((await get('/users/1001/wallets?inactiveIncluded=sometimes')).status).toBe(400);
    expect(simulator.requests.length).toBe(before);
  });

  it('when Paysera holds no such information, then 404 not_found says so (not user_not_found)', async () => {
    const response = await get('/users/1002/phone');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found', origin: 'provider', providerError: { status: 404, code: 'not_found' } });
    expect(response.body.detail).toMatch(/no phone/);
  });

  describe('with a Paysera client that has only the email scope', () => {
    const limited = (path: string) => harness.http.get(path).set('Authorization', harness.bearer());

    it('when the field is within its scopes, then it is read', async () => {
      expect((await limited('/v1/connections/paysera-email-only/users/1001/email')).status).toBe(200);
    });

    it('when the field needs a scope the Paysera client lacks, then 403 forbidden from the provider', async () => {
      const response = await limited('/v1/connections/paysera-email-only/users/1001/phone');
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'forbidden', origin: 'provider', providerError: { status: 403, code: 'forbidden' } });
    });

    it('when the whole user is read, then the fields outside its scopes are simply absent', async () => {
      const response = await limited('/v1/users/paysera-email-only:1001');
      expect(response.body).toMatchObject({ email: 'egle.jankauskiene@example.com', phone: null, nationalId: null, address: null });
    });
  });
});
