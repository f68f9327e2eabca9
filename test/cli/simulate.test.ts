import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { adapters } from '../../adapters';
import type { RunningSimulator } from '../../src/connections/adapter';
import { startHarness } from '../support/harness';
import { outputUntil, runCli, spawnCli } from '../support/cli-process';

interface PrintedSimulator {
  provider: string;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
}

/** Starts `usergate simulate <provider>` and reads the JSON line it prints. */
async function simulate(provider: string): Promise<{ child: ChildProcess; printed: PrintedSimulator }> {
  const child = spawnCli(['simulate', provider, '--port', '0']);
  const stdout = await outputUntil(child, (text) => text.includes('\n'));
  return { child, printed: JSON.parse(stdout.split('\n')[0]!) as PrintedSimulator };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}

describe('usergate simulate', () => {
  it.each(adapters.map((adapter) => adapter.name))(
    'when %s is simulated, then a gateway configured from the printed line finds the demo person there',
    async (provider) => {
      const { child, printed } = await simulate(provider);
      const harness = await startHarness({
        connections: [{ adapter: adapters.find((adapter) => adapter.name === provider)!, simulator: printed as unknown as RunningSimulator }],
      });
      try {
        expect(printed).toMatchObject({ provider, baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/) });
        const found = await harness.http.get('/v1/users?email=egle.jankauskiene@example.com').set('Authorization', harness.bearer());
        expect(found.body.connections[provider]).toMatchObject({ status: 'ok' });
      } finally {
        await harness.close();
        await stop(child);
      }
    },
  );

  it('when it is sent SIGTERM, then it stops and exits 0', async () => {
    const { child } = await simulate(adapters[0]!.name);
    expect(await stop(child, 'SIGTERM')).toBe(0);
  });

  it('when it is interrupted (Ctrl+C), then it stops and exits 0', async () => {
    const { child } = await simulate(adapters[0]!.name);
    expect(await stop(child, 'SIGINT')).toBe(0);
  });

  it('when the provider is unknown, then it exits 2 and lists the known ones', async () => {
    const result = await runCli(['simulate', 'acme']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`Known: ${adapters.map((adapter) => adapter.name).join(', ')}`);
  });

  it('when the port is not a port, then it exits 2', async () => {
    const result = await runCli(['simulate', adapters[0]!.name, '--port', 'eighty']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port');
  });
});
