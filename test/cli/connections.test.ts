import { startHarness, type Harness } from '../support/harness';
import { runCli } from '../support/cli-process';
import { adapterWith } from '../support/registry';

/** A connection whose adapter finds users by email, so that its row lists lookups. */
const first = adapterWith({ lookup: 'email' });

describe('usergate connections', () => {
  let harness: Harness;
  let url: string;
  beforeAll(async () => {
    harness = await startHarness();
    url = `http://127.0.0.1:${await harness.gateway.listen(0)}`;
  });
  afterAll(() => harness.close());

  const connections = (args: string[] = [], token = harness.token()) => runCli(['connections', ...args], { USERGATE_URL: url, USERGATE_TOKEN: token });
  const names = () => harness.gateway.connections.list().map((connection) => connection.name);

  it('when listed, then each connection shows its adapter, what it searches by, its operations and breaker', async () => {
    const result = await connections();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^NAME +ADAPTER +SEARCHES BY +OPERATIONS +BREAKER$/m);
    const { lookup, get, create, update, delete: remove } = first.capabilities;
    const operations = Object.entries({ get, create, update, delete: remove }).flatMap(([name, can]) => (can ? [name] : []));
    expect(result.stdout).toMatch(new RegExp(`^${first.name} +${first.name} +${lookup.join(', ')} +${operations.join(' ')} +closed$`, 'm'));
    for (const name of names()) expect(result.stdout).toMatch(new RegExp(`^${name} `, 'm'));
  });

  it("when listed with --json, then the gateway's list is printed unchanged", async () => {
    const direct = await harness.http.get('/v1/connections').set('Authorization', harness.bearer());
    const result = await connections(['--json']);
    expect(result.stdout).toBe(`${direct.text}\n`);
  });

  it('when the token is limited to some connections, then only those are listed', async () => {
    const result = await connections(['--json'], harness.token(['users:read'], { connections: [first.name] }));
    expect(JSON.parse(result.stdout).data.map((connection: { name: string }) => connection.name)).toEqual([first.name]);
  });

  it('when the token may not list connections, then it exits 1 with forbidden', async () => {
    const result = await connections([], harness.token(['users:write']));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^forbidden \(403\): /);
  });
});
