import { readFileSync, rmSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import YAML from 'yaml';
import { SAFE_MESSAGES } from '../../config/schema';
import type { AdapterDefinition, RunningSimulator } from '../../connections/adapter';
import { faultSettingsSchema, type FaultSettings } from '../../simulator/faults';
import { gatewayConfigFor, publicBaseUrl, writeGatewayConfig, type SimulatorAnnouncement } from '../../simulator/gateway-config';
import { SimulatorSetupError } from '../../simulator/setup';
import { EXIT } from '../exit-codes';

interface SimulateOptions {
  port: number;
  host: string;
  publicHost?: string;
  configTemplate?: string;
  writeConfig?: string;
  seed?: string;
  credentials?: string;
  faults?: string;
  fault: string[];
}

/** Keys that would reach an object's prototype rather than the knobs. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A problem with what was asked (exit 2), as opposed to a failure while running (exit 1). */
class UsageError extends Error {}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run provider simulators on loopback (documented endpoints, auth checks, error shapes) for your own tests')
    .argument('<provider>', 'the adapter to simulate (its name, as connection config says adapter:), or all')
    .option('--port <port>', 'port to listen on (0 picks a free one); with all, ports follow on from it', parsePort, 0)
    .option('--host <address>', 'address to listen on (0.0.0.0 in a container, for other containers)', '127.0.0.1')
    .option('--public-host <name>', 'the host name others reach the simulators by (a compose service name): it goes into the baseUrls printed')
    .option('--config-template <file>', 'with --write-config: the gateway config (YAML) to add the connections to')
    .option('--write-config <file>', 'once every simulator listens, write a gateway config: the template and one connection per simulator')
    .option('--seed <file>', "users in the provider's own format (JSON or YAML), replacing the demo users; with all, keyed by provider")
    .option('--credentials <file>', "credentials to accept, in the connection config's keys (the rest are generated); with all, keyed by provider")
    .option('--faults <json>', 'fault knobs as JSON: latencyMs, errorRate, rateLimitRate, transforms, ... (see the README)')
    .option('--fault <key=value>', 'one fault knob (repeatable; dotted keys nest, values are JSON where they parse)', collect, [])
    .addHelpText(
      'after',
      '\nPrints one JSON line per simulator when it listens, {"provider","baseUrl","credentials","options"}:\n' +
        'what a gateway connection to it needs. Logs go to stderr. Runs until SIGINT or SIGTERM.',
    )
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage))
    .action(async (provider: string, options: SimulateOptions) => {
      try {
        await simulate(provider, options);
      } catch (error) {
        process.stderr.write(`usergate simulate: ${(error as Error).message}\n`);
        process.exit(error instanceof UsageError || error instanceof SimulatorSetupError ? EXIT.usage : EXIT.failed);
      }
    });
}

async function simulate(provider: string, options: SimulateOptions): Promise<void> {
  // The config of an earlier run names simulators that are gone (their credentials were generated): first of all,
  // so that whoever waits for the file (a health check) waits for this run's.
  if (options.writeConfig) rmSync(options.writeConfig, { force: true });
  // Required on use: the adapters bring the gateway's modules with them.
  const { adapters } = require('../../../adapters') as typeof import('../../../adapters');
  const chosen = provider === 'all' ? adapters : adapters.filter((adapter) => adapter.name === provider);
  if (!chosen.length) throw new UsageError(`There is no "${provider}" adapter. Known: ${adapters.map((adapter) => adapter.name).join(', ')}, or all.`);
  const faults = faultSettings(options);
  const seeds = options.seed ? readDataFile(options.seed, '--seed') : undefined;
  const credentials = options.credentials ? readDataFile(options.credentials, '--credentials') : undefined;
  const all = provider === 'all';
  const template = configTemplate(options);
  // Listening for the signals before any line is printed: whoever reads one may stop us at once.
  const stopped = untilStopped();
  const running: RunningSimulator[] = [];
  const announced: SimulatorAnnouncement[] = [];
  try {
    for (const [index, adapter] of chosen.entries()) {
      const simulator = await adapter.startSimulator({
        port: options.port === 0 ? 0 : options.port + index,
        host: options.host,
        seed: seedFor(adapter, seeds, all),
        credentials: credentialsFor(adapter, credentials, all),
      });
      running.push(simulator);
      simulator.faults.set(faults);
      const announcement = {
        provider: adapter.name,
        baseUrl: publicBaseUrl(simulator.baseUrl, options.publicHost),
        credentials: simulator.credentials,
        options: simulator.options,
      };
      announced.push(announcement);
      process.stdout.write(`${JSON.stringify(announcement)}\n`);
      process.stderr.write(`${adapter.name} simulator listening at ${simulator.baseUrl}\n`);
    }
    if (template && options.writeConfig) {
      writeGatewayConfig(options.writeConfig, gatewayConfigFor(template, announced));
      process.stderr.write(`gateway config for the simulators written to ${options.writeConfig}\n`);
    }
    await stopped;
  } finally {
    await Promise.all(running.map((simulator) => simulator.close()));
  }
}

/** `--config-template` and `--write-config` go together; the template is read before any simulator starts. */
function configTemplate(options: SimulateOptions): Record<string, unknown> | undefined {
  if ((options.configTemplate === undefined) !== (options.writeConfig === undefined)) {
    throw new UsageError('--write-config and --config-template go together: the template says what the gateway config holds besides the connections.');
  }
  return options.configTemplate === undefined ? undefined : asObject(readDataFile(options.configTemplate, '--config-template'), '--config-template');
}

/** `--faults` and every `--fault key=value`, validated before any simulator starts. */
function faultSettings(options: SimulateOptions): FaultSettings {
  const settings: Record<string, unknown> = options.faults ? asObject(parseJson(options.faults, '--faults'), '--faults') : {};
  for (const pair of options.fault) {
    const [key, ...rest] = pair.split('=');
    if (!key || !rest.length || key.split('.').some((part) => UNSAFE_KEYS.has(part))) throw new UsageError(`--fault takes key=value, not "${pair}".`);
    setAt(settings, key.split('.'), parseValue(rest.join('=')));
  }
  const result = faultSettingsSchema.validate(settings);
  if (result.error) throw new UsageError(`invalid fault knobs: ${result.error.message}`);
  return result.value;
}

/** A seed for this adapter: the file's list, or with `all` (or when keyed anyway) the list under its name. */
function seedFor(adapter: AdapterDefinition, seeds: unknown, all: boolean): unknown[] | undefined {
  if (seeds === undefined) return undefined;
  const seed = Array.isArray(seeds) && !all ? seeds : asObject(seeds, '--seed')[adapter.name];
  if (seed === undefined) return undefined;
  if (!isList(seed)) throw new UsageError(`--seed: the ${adapter.name} seed must be a list of users.`);
  return seed;
}

/** Credentials for this adapter, checked against the connection config's keys (none required: the rest are generated). */
function credentialsFor(adapter: AdapterDefinition, file: unknown, all: boolean): Record<string, unknown> | undefined {
  if (file === undefined) return undefined;
  const keyed = asObject(file, '--credentials');
  const given = all || Object.hasOwn(keyed, adapter.name) ? keyed[adapter.name] : keyed;
  if (given === undefined) return undefined;
  const result = adapter.credentialsSchema.validate(given, { presence: 'optional', messages: SAFE_MESSAGES });
  if (result.error) throw new UsageError(`--credentials: ${adapter.name}: ${result.error.message}`);
  return asObject(result.value, '--credentials');
}

function readDataFile(file: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${option}: cannot read ${file}.`);
  }
  try {
    // YAML is a superset of JSON: one parser reads both.
    return YAML.parse(text);
  } catch {
    throw new UsageError(`${option}: ${file} is neither JSON nor YAML.`);
  }
}

function parseJson(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${option} is not valid JSON.`);
  }
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function asObject(value: unknown, option: string): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new UsageError(`${option} must be an object.`);
}

function isList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

function setAt(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  const [first, ...rest] = keys;
  if (first === undefined) return;
  if (!rest.length) {
    target[first] = value;
    return;
  }
  const inner = target[first];
  const next = inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};
  target[first] = next;
  setAt(next, rest, value);
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

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
