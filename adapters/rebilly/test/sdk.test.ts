import RebillyAPI from 'rebilly-js-sdk';
import { startRebillySimulator, type RebillySimulator } from '../simulator/server';

const EGLE = 'usr_01JDEMOEGLE0000000000000001';
const JONAS = 'usr_01JDEMOJONAS000000000000001';

/**
 * Rebilly's official JS SDK (rebilly-js-sdk 62.162.1), unchanged, against the simulator: what the SDK
 * sends, the simulator must take, and what the simulator answers, the SDK must read.
 */
describe('the official Rebilly JS SDK against the simulator', () => {
  let simulator: RebillySimulator;
  let api: ReturnType<typeof RebillyAPI>;
  beforeAll(async () => {
    simulator = await startRebillySimulator();
    const origin = new URL(simulator.baseUrl).origin;
    const organizationId = simulator.baseUrl.split('/organizations/')[1];
    api = RebillyAPI({
      apiKey: (simulator.credentials as { apiKey: string }).apiKey,
      sandbox: true,
      timeout: 5_000,
      organizationId,
      urls: { live: origin, sandbox: origin },
    });
  });
  afterAll(() => simulator.close());

  it('when the SDK lists users without a limit, then the simulator records none and no user carries a secret', async () => {
    const before = simulator.receivedLists.length;
    const list = await api.users.getAll();
    expect(list.items.length).toBeGreaterThan(1);
    expect(simulator.receivedLists.slice(before)).toEqual([{ filter: [], offset: 0 }]);
    for (const { fields } of list.items) {
      for (const secret of ['password', 'totpRequired', 'totpSecret', 'totpUrl']) expect(fields).not.toHaveProperty(secret);
    }
  });

  it('when the SDK reads a user, then it gets the User fields of the current spec', async () => {
    const { fields } = await api.users.get({ id: EGLE });
    expect(fields).toMatchObject({ id: EGLE, email: 'egle.jankauskiene@example.com', firstName: 'Eglė', status: 'active' });
    expect(fields).not.toHaveProperty('totpRequired');
  });

  it("when the SDK reads a user's MFA, then it gets ProfileMfa", async () => {
    expect((await api.users.getMfa({ id: EGLE })).fields).toMatchObject({ status: 'active', type: 'otp', lastAuthTime: '2025-03-14T07:45:10Z' });
    expect((await api.users.getMfa({ id: JONAS })).fields).toMatchObject({ status: 'inactive', type: null, lastAuthTime: null });
  });

  it('when the SDK creates a user and then updates it, then both are stored', async () => {
    const created = await api.users.create({ data: { email: 'sdk.user@example.com', firstName: 'Sdk', lastName: 'User' } });
    expect(created.fields).toMatchObject({ email: 'sdk.user@example.com', status: 'pending-confirmation' });
    const id = created.fields.id as string;
    const updated = await api.users.update({ id, data: { email: 'sdk.user@example.com', firstName: 'Sdk', lastName: 'Updated', country: 'LT' } });
    expect(updated.fields).toMatchObject({ id, lastName: 'Updated', country: 'LT' });
    expect((await api.users.get({ id })).fields).toMatchObject({ lastName: 'Updated' });
  });

  it('when the SDK reads a user that does not exist, then it gets a not-found error', async () => {
    await expect(api.users.get({ id: 'usr_01JZZZZZZZZZZZZZZZZZZZZZZZ' })).rejects.toMatchObject({ status: 404 });
  });
});
