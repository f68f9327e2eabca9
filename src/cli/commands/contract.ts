import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError, loadConfigFile } from '../../config/load';
import type { AdapterDefinition, RunningSimulator } from '../../connections/adapter';
import { toJUnitXml } from '../../contract/junit';
import { terminalText } from '../terminal-text';
import { CONTRACT_EXIT, exitCodeOf, runContract, type ContractReport, type ContractRunSettings } from '../../contract/run';
import { summarize } from '../../contract/summary';
import { createLogger } from '../../logging/logger';

interface ContractOptions {
  config?: string;
  simulator?: string;
  baseUrl?: string;
  user?: string;
  junit?: string;
  json?: boolean;
  timeout?: number;
}

/** What to check: a connection's base URL and credentials, with its adapter. */
type Subject = Omit<ContractRunSettings, 'logger'>;

class UsageError extends Error {}

export function registerContract(program: Command): void {
  program
    .command('contract')
    .description('check that providers still answer as their adapters expect: reports drift, exits 1 on breaking drift')
    .argument('[connections...]', 'connections of the gateway config to check (default: all of them)')
    .option('--config <file>', 'the gateway config (default: USERGATE_CONFIG)')
    .option('--simulator <adapter>', 'check a fresh simulator of this adapter instead (no config needed)')
    .option('--base-url <url>', "call this base URL instead of the connection's")
    .option('--user <id>', "the provider user id to read (default: a demo user, the first one listed, or the token's own)")
    .option('--junit <file>', 'also write the results as JUnit XML')
    .option('--json', 'print the reports as JSON instead of the summary')
    .option('--timeout <ms>', "per call (default: the connection's timeouts.attemptMs)", parseTimeout)
    .addHelpText(
      'after',
      '\nExit codes: 0 no drift, or additive drift only (warnings printed); 1 breaking drift (auth refusals included);\n' +
        '2 usage errors; 3 a provider could not be reached. Only read-only calls are made.',
    )
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : CONTRACT_EXIT.usage))
    .action(async (connections: string[], options: ContractOptions) => {
      try {
        const { output, exitCode } = await contract(connections, options);
        // Exiting only once stdout has taken the report: a pipe may take it later than the write call returns.
        process.stdout.write(output, () => process.exit(exitCode));
      } catch (error) {
        process.stderr.write(`usergate contract: ${terminalText((error as Error).message)}\n`);
        process.exit(error instanceof UsageError || error instanceof ConfigError ? CONTRACT_EXIT.usage : 1);
      }
    });
}

async function contract(connections: string[], options: ContractOptions): Promise<{ output: string; exitCode: number }> {
  // Required on use: the adapters bring the gateway's modules with them.
  const { adapters } = require('../../../adapters') as typeof import('../../../adapters');
  const logger = createLogger({ level: 'warn', destination: 'stderr' });
  const simulator = options.simulator ? await startSimulator(adapters, options.simulator) : undefined;
  try {
    const subjects = simulator ? [simulatorSubject(adapters, simulator, options)] : configuredSubjects(adapters, connections, options);
    const reports: ContractReport[] = [];
    for (const subject of subjects) reports.push(await runContract({ ...subject, logger }));
    if (options.junit) writeFileSync(options.junit, toJUnitXml(reports));
    return { output: options.json ? `${JSON.stringify(reports, null, 2)}\n` : terminalText(summarize(reports)), exitCode: exitCodeOf(reports) };
  } finally {
    await simulator?.close();
  }
}

function configuredSubjects(adapters: readonly AdapterDefinition[], names: string[], options: ContractOptions): Subject[] {
  const file = options.config ?? process.env.USERGATE_CONFIG;
  if (!file) throw new UsageError('Name the gateway config with --config or USERGATE_CONFIG, or check a simulator with --simulator <adapter>.');
  const configured = new Map(Object.entries(loadConfigFile(file, adapters).connections));
  const unknown = names.filter((name) => !configured.has(name));
  if (unknown.length) throw new UsageError(`No connection named ${unknown.join(', ')} in ${file} (it has ${[...configured.keys()].join(', ')}).`);
  return (names.length ? names : [...configured.keys()]).flatMap((name) => {
    const connection = configured.get(name);
    if (!connection) return [];
    return {
      connection: name,
      adapter: adapterNamed(adapters, connection.adapter),
      baseUrl: options.baseUrl ?? connection.baseUrl,
      target: { credentials: connection.credentials, options: connection.options, userId: options.user },
      timeoutMs: options.timeout ?? connection.timeouts.attemptMs,
    };
  });
}

function simulatorSubject(adapters: readonly AdapterDefinition[], simulator: RunningSimulator, options: ContractOptions): Subject {
  return {
    connection: simulator.provider,
    adapter: adapterNamed(adapters, simulator.provider),
    baseUrl: options.baseUrl ?? simulator.baseUrl,
    target: { credentials: simulator.credentials, options: simulator.options, userId: options.user },
    timeoutMs: options.timeout ?? 5_000,
  };
}

function startSimulator(adapters: readonly AdapterDefinition[], name: string): Promise<RunningSimulator> {
  return adapterNamed(adapters, name).startSimulator();
}

function adapterNamed(adapters: readonly AdapterDefinition[], name: string): AdapterDefinition {
  const adapter = adapters.find((candidate) => candidate.name === name);
  if (!adapter) throw new UsageError(`There is no "${name}" adapter. Known: ${adapters.map((known) => known.name).join(', ')}.`);
  return adapter;
}

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 50 || ms > 120_000) throw new InvalidArgumentError('a timeout is a whole number of milliseconds from 50 to 120000.');
  return ms;
}
