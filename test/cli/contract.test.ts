import { createServer } from 'node:net';
import { adapters } from '../../adapters';
import type { AdapterDefinition } from '../../src/connections/adapter';
import { firstLines, runCli, spawnCli, stop } from '../support/cli-process';
import { configFor, contractJson, type ConnectionLine } from '../support/contract-cli';

const [first] = adapters as [AdapterDefinition, ...AdapterDefinition[]];

describe('usergate contract against the simulators a CI job starts', () => {
  it('when every simulator keeps to its docs, then every adapter of the registry is checked, each check passes, and it exits 0', async () => {
    const simulators = spawnCli(['simulate', 'all']);
    try {
      const lines = (await firstLines(simulators, adapters.length)).map((line) => JSON.parse(line) as ConnectionLine);
      const { status, reports } = await contractJson(['--config', configFor('all', lines)]);
      // A new adapter is checked too: one without contract checks fails the run rather than being left out.
      expect(reports.map((report) => report.connection)).toEqual(adapters.map((adapter) => adapter.name));
      expect(reports.filter((report) => report.results.length === 0).map((report) => report.connection)).toEqual([]);
      expect(reports.flatMap((report) => report.results.filter((result) => result.outcome !== 'passed'))).toEqual([]);
      expect(status).toBe(0);
    } finally {
      await stop(simulators);
    }
  });
});

describe('usergate contract when it cannot check', () => {
  it('when the provider cannot be reached, then the checks say so (or are skipped for want of an answer) and it exits 3', async () => {
    const simulator = await first.startSimulator();
    await simulator.close();
    const config = configFor('closed', [{ ...simulator, baseUrl: `http://127.0.0.1:${await closedPort()}` }]);
    const { status, reports } = await contractJson(['--config', config, '--timeout', '500']);
    const outcomes = reports[0]!.results.map((result) => result.outcome);
    expect(outcomes.filter((outcome) => outcome !== 'unreachable' && outcome !== 'skipped')).toEqual([]);
    expect(status).toBe(3);
  });

  it("when the provider refuses the credentials (another simulator's), then it is labelled AUTH and it exits 1", async () => {
    const simulator = await first.startSimulator();
    const stranger = await first.startSimulator();
    try {
      const config = configFor('refused', [{ ...simulator, credentials: stranger.credentials }]);
      const result = await runCli(['contract', '--config', config]);
      expect(result.stdout).toMatch(/AUTH {5}the provider refused the connection's credentials \(40[13]\)/);
      expect(result.status).toBe(1);
    } finally {
      await simulator.close();
      await stranger.close();
    }
  });

  it('when the connection is not in the config, then it exits 2 naming the ones there are', async () => {
    const simulator = await first.startSimulator();
    await simulator.close();
    const result = await runCli(['contract', 'acme', '--config', configFor('named', [simulator])]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`No connection named acme in`);
    expect(result.stderr).toContain(`(it has ${first.name})`);
  });
});

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
