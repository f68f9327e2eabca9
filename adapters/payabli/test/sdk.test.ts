import { PayabliClient, PayabliError } from '@payabli/sdk-node';
import { startPayabliSimulator, type RunningPayabliSimulator } from '../simulator/server';

/**
 * Payabli's official node SDK (@payabli/sdk-node 0.0.114, the newest on npm), unchanged, against the
 * simulator: what the SDK sends, the simulator must take, and what the simulator answers, the SDK must read.
 */
describe('the official Payabli node SDK against the simulator', () => {
  let simulator: RunningPayabliSimulator;
  let client: PayabliClient;
  beforeAll(async () => {
    simulator = await startPayabliSimulator();
    client = new PayabliClient({ apiKey: (simulator.credentials as { requestToken: string }).requestToken, environment: simulator.baseUrl });
  });
  afterAll(() => simulator.close());

  async function addUser(email: string): Promise<number> {
    const added = await client.user.addUser({
      email,
      name: 'Typed Data',
      pwd: 'Passw0rdX',
      scope: [{ orgType: 0, orgId: 123 }],
      // The SDK's own type: AdditionalData = Record<string, Record<string, unknown> | undefined>.
      additionalData: { crm: { id: 'X1', tier: 2 } },
    });
    expect(added).toMatchObject({ isSuccess: true, responseText: 'Success' });
    return Number(added.responseData);
  }

  it('when the SDK adds a user with a typed additionalData object, then the user is created and reads back with it', async () => {
    const userId = await addUser('sdk.typed@example.com');
    const user = await client.user.getUser(userId);
    expect(user).toMatchObject({ userId, Email: 'sdk.typed@example.com', Name: 'Typed Data', AdditionalData: { crm: { id: 'X1', tier: 2 } } });
  });

  it('when the SDK reads the documented example user, then it gets the PascalCase record', async () => {
    expect(await client.user.getUser(123)).toMatchObject({ userId: 123, Email: 'example@email.com', UsrStatus: 1, createdAt: '2022-07-01 15:00:01' });
  });

  it('when the SDK edits a user, then the change is stored', async () => {
    const userId = await addUser('sdk.edit@example.com');
    expect(await client.user.editUser(userId, { name: 'Edited Name', timeZone: -5 })).toMatchObject({ isSuccess: true });
    expect(await client.user.getUser(userId)).toMatchObject({ Name: 'Edited Name', timeZone: -5 });
  });

  it('when the SDK deletes a user, then a later read is refused as not found', async () => {
    const userId = await addUser('sdk.delete@example.com');
    expect(await client.user.deleteUser(userId)).toMatchObject({ responseText: 'Success' });
    await expect(client.user.getUser(userId)).rejects.toMatchObject({ statusCode: 400, body: { isSuccess: false, responseText: 'Record not found' } });
  });

  it('when the SDK sends an unknown apiKey, then it gets a 401 error', async () => {
    const stranger = new PayabliClient({ apiKey: 'not-a-token', environment: simulator.baseUrl });
    const refused = await stranger.user.getUser(123).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PayabliError);
    expect(refused).toMatchObject({ statusCode: 401 });
  });
});
