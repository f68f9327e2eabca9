import type { RunningSimulator } from '../../src/connections/adapter';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith } from '../support/registry';
import { TcpProxy } from '../support/tcp-proxy';
import { addStoredConnection, removeStoredConnection } from './stored';

const adapter = adapterWith({ lookup: 'email' });
const person = adapter.demo.personId;
const CONNECTIONS = 10;

let harness: Harness;
let simulator: RunningSimulator;
let proxy: TcpProxy;
beforeAll(async () => {
  simulator = await adapter.startSimulator();
  const target = new URL(simulator.baseUrl);
  proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port) });
  harness = await startHarness({ store: true, connections: [{ adapter }] });
  // Every connection reaches the provider through the proxy, which counts the sockets opened to it.
  const behindProxy = { ...simulator, baseUrl: `http://127.0.0.1:${proxy.port}${target.pathname}` };
  for (let index = 0; index < CONNECTIONS; index += 1) {
    await addStoredConnection(harness.stored!, { tenant: `shop-${index}`, name: 'wallet', adapter, simulator: behindProxy });
  }
});
afterAll(async () => {
  await harness.close();
  await proxy.close();
  await simulator.close();
});

const readAs = (tenant: string) => harness.http.get(`/v1/users/wallet:${person}`).set('Authorization', harness.bearer(['users:read'], { tenant }));

describe("stored connections' upstream sockets", () => {
  it('when many stored connections to one provider are used in turn, then they share keep-alive sockets rather than hold one each', async () => {
    for (let index = 0; index < CONNECTIONS; index += 1) expect((await readAs(`shop-${index}`)).status).toBe(200);
    expect(harness.gateway.registry.openStored).toBe(CONNECTIONS);
    // One socket carries them all when nothing overlaps; a second is slack for a loaded machine.
    expect(proxy.accepted).toBeLessThanOrEqual(2);
  });

  it('when one of them is deleted (and so closed), then the others keep their sockets and keep answering', async () => {
    const before = proxy.accepted;
    await removeStoredConnection(harness.stored!, 'shop-0', 'wallet');
    for (let index = 1; index < CONNECTIONS; index += 1) expect((await readAs(`shop-${index}`)).status).toBe(200);
    expect(proxy.accepted - before).toBeLessThanOrEqual(1);
  });
});
