import { GatewayProblem } from '../../src/client';
import { answer, GatewayClient } from '../../src/console/client/gateway-client';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, newUserRequest, otherUserId, personId } from '../support/registry';

const deleter = adapterWith({ delete: true, otherUsers: 1 });
const creator = adapterWith({ create: true });

/** The ops tools' calls, over the typed client, against a gateway listening on a port. */
describe("the ops tools' gateway client", () => {
  let harness: Harness;
  let client: GatewayClient;
  let baseUrl: string;
  beforeAll(async () => {
    harness = await startHarness({ connections: deleter === creator ? [{ adapter: deleter }] : [{ adapter: deleter }, { adapter: creator }] });
    baseUrl = `http://127.0.0.1:${await harness.gateway.listen(0)}`;
    client = new GatewayClient({ baseUrl, token: harness.token() });
  });
  afterAll(() => harness.close());

  it("when a user is read, then the body is the gateway's and the text is the JSON it sent", async () => {
    const direct = await harness.http.get(`/v1/users/${encodeURIComponent(personId(deleter))}`).set('Authorization', harness.bearer());
    const answer = await client.getUser(personId(deleter));
    expect(answer.body).toEqual(direct.body);
    expect(answer.text).toBe(direct.text);
  });

  it('when a route the methods do not name is called through the typed client, then its answer comes back the same way', async () => {
    const listed = await answer(client.gateway.GET('/v1/connections'));
    expect(listed.body.data.map(({ name }) => name)).toContain(deleter.name);
  });

  it('when a call through the typed client is answered 204, then the body is empty', async () => {
    const deleted = await answer(client.gateway.DELETE('/v1/users/{id}', { params: { path: { id: otherUserId(deleter) } } }));
    expect(deleted).toEqual({ body: undefined, text: '' });
  });

  it('when the gateway answers with a problem, then it is thrown as the GatewayProblem', async () => {
    await expect(client.getUser('not-a-global-id')).rejects.toBeInstanceOf(GatewayProblem);
  });

  it('when a user is created without a key, then the create still carries an Idempotency-Key of its own, so retrying it is safe', async () => {
    const keys: (string | null)[] = [];
    const recording = new GatewayClient({
      baseUrl,
      token: harness.token(),
      fetch: (request) => {
        keys.push(request.headers.get('Idempotency-Key'));
        return fetch(request);
      },
    });
    const { user, password } = newUserRequest(creator);
    await recording.createUser({ connection: creator.name, user, ...(password !== undefined && { password }) });
    expect(keys).toEqual([expect.stringMatching(/^[\x21-\x7e]{1,255}$/)]);
  });
});
