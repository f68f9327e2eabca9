import { InvalidArgumentError, type Command } from 'commander';
import type { RunningSimulator } from '../../connections/adapter';
import { CliError, EXIT } from '../exit-codes';

interface SimulateOptions {
  port: number;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description("run one provider's simulator (with its demo users) on loopback, for contract tests and demos")
    .argument('<provider>', 'the adapter to simulate, like paysera')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .addHelpText(
      'after',
      '\nPrints one JSON line, {"provider","baseUrl","credentials","options"}: what a connection to it needs.\n' +
        'Runs until interrupted (Ctrl+C or SIGTERM).',
    )
    .action(async (provider: string, options: SimulateOptions) => {
      // Listening for the signals before the line is printed: whoever reads it may stop us at once.
      const stopped = untilStopped();
      const simulator = await startSimulator(provider, options);
      process.stdout.write(`${JSON.stringify(connectionSettings(simulator))}\n`);
      await stopped;
      await simulator.close();
    });
}

function startSimulator(provider: string, options: SimulateOptions): Promise<RunningSimulator> {
  // Required on use, like `serve`: the adapters bring the gateway's modules with them.
  const { adapters } = require('../../../adapters') as typeof import('../../../adapters');
  const adapter = adapters.find((candidate) => candidate.name === provider);
  if (!adapter) {
    throw new CliError(`There is no "${provider}" adapter. Known: ${adapters.map((known) => known.name).join(', ')}.`, EXIT.usage);
  }
  return adapter.startSimulator({ port: options.port });
}

/** What a gateway connection to the simulator needs (its fault knobs are at `<origin>/__faults`). */
function connectionSettings({ provider, baseUrl, credentials, options }: RunningSimulator) {
  return { provider, baseUrl, credentials, options };
}

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return port;
}
