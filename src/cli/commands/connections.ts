import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import {
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  updateConnection,
  verifyConnection,
  type ConnectionPatch,
} from '../../console/client/connections-admin';
import { describeVerification } from '../../console/client/connection-health';
import { CliError, EXIT } from '../exit-codes';
import { addGatewayOptions, openGateway, printJson, printText, type GatewayOptions } from '../gateway';
import { renderConnection, renderConnections } from '../render';

interface TenantOptions extends GatewayOptions {
  tenant?: string;
}

interface AddOptions extends TenantOptions {
  name: string;
  adapter: string;
  baseUrl: string;
  credentialsFile: string;
  optionsFile?: string;
  verify: boolean;
}

interface RotateOptions extends TenantOptions {
  credentialsFile: string;
  verify: boolean;
}

const NAME = ['<name>', 'the connection'] as const;
const CREDENTIALS_FILE = [
  '--credentials-file <path>',
  'JSON file with the credentials ("-" reads stdin); never a flag, which shell history and ps would keep',
] as const;
const NO_VERIFY = ['--no-verify', 'store the credentials without one read-only call at the provider to check them'] as const;

/** `usergate connections ...`: the admin API of connections (DESIGN §8), acting in one tenant. */
export function registerConnections(program: Command): void {
  const connections = program.command('connections').description('list, add, rotate, disable, enable, remove and verify connections (`list` by default)');

  command(connections, 'list', 'connections: adapter, source, state, breaker, last verification and last error', { isDefault: true }).action(
    async (options: TenantOptions) => {
      const answer = await openGateway(options).call('Listing connections', (client) => listConnections(client, options.tenant));
      if (options.json) printJson(answer.text);
      else printText(renderConnections(answer.body.data));
    },
  );

  command(connections, 'show', 'one connection: its settings, credentials fingerprint and health (never the credentials)')
    .argument(...NAME)
    .action(async (name: string, options: TenantOptions) => {
      const answer = await openGateway(options).call(`Reading ${name}`, (client) => getConnection(client, name, options.tenant));
      if (options.json) printJson(answer.text);
      else printText(renderConnection(answer.body));
    });

  command(connections, 'add', 'store a new connection; its credentials are checked at the provider first')
    .requiredOption('--name <name>', 'its name: lower-case letters, digits and dashes, at most 40')
    .requiredOption('--adapter <adapter>', 'the provider adapter it uses')
    .requiredOption('--base-url <url>', "the provider's API base URL (the gateway's allow-list decides which are accepted)")
    .requiredOption(...CREDENTIALS_FILE)
    .option('--options-file <path>', "JSON file with the adapter's options")
    .option(...NO_VERIFY)
    .action(async (options: AddOptions) => {
      onlyOneFromStdin(options.credentialsFile, options.optionsFile);
      const credentials = readCredentials(options.credentialsFile);
      const adapterOptions = options.optionsFile === undefined ? undefined : readJsonObject(options.optionsFile, 'options');
      const connection = { name: options.name, adapter: options.adapter, baseUrl: options.baseUrl, credentials, options: adapterOptions };
      const answer = await openGateway(options).call(`Adding ${options.name}`, (client) =>
        createConnection(client, connection, options.tenant, { verify: options.verify }),
      );
      if (options.json) printJson(answer.text);
      else
        printText(
          `Added ${options.name}${options.verify ? ': the provider accepted its credentials' : ' without checking its credentials'}.\n${renderConnection(answer.body)}`,
        );
    });

  command(connections, 'rotate', 'replace the credentials of a stored connection; the new ones are checked at the provider first')
    .argument(...NAME)
    .requiredOption(...CREDENTIALS_FILE)
    .option(...NO_VERIFY)
    .action(async (name: string, options: RotateOptions) => {
      const credentials = readCredentials(options.credentialsFile);
      const answer = await openGateway(options).call(`Rotating the credentials of ${name}`, (client) =>
        updateConnection(client, name, { credentials }, options.tenant, { verify: options.verify }),
      );
      if (options.json) printJson(answer.text);
      else printText(`Rotated the credentials of ${name}.\n${renderConnection(answer.body)}`);
    });

  for (const [verb, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    command(connections, verb, enabled ? 'serve requests through a disabled connection again' : 'stop calling the provider through it; its settings are kept')
      .argument(...NAME)
      .action(async (name: string, options: TenantOptions) => {
        const patch: ConnectionPatch = { enabled };
        const answer = await openGateway(options).call(`${enabled ? 'Enabling' : 'Disabling'} ${name}`, (client) =>
          updateConnection(client, name, patch, options.tenant),
        );
        if (options.json) printJson(answer.text);
        else printText(`${enabled ? 'Enabled' : 'Disabled'} ${name}.\n`);
      });
  }

  command(connections, 'remove', 'delete a stored connection and its credentials; requests in flight finish')
    .argument(...NAME)
    .action(async (name: string, options: TenantOptions) => {
      await openGateway(options).call(`Removing ${name}`, (client) => deleteConnection(client, name, options.tenant));
      // 204: nothing to print for scripts.
      if (!options.json) printText(`Removed ${name}.\n`);
    });

  command(connections, 'verify', 'one authenticated read-only call at the provider now; exits 1 when the credentials are refused')
    .argument(...NAME)
    .action(async (name: string, options: TenantOptions) => {
      const answer = await openGateway(options).call(`Verifying ${name}`, (client) => verifyConnection(client, name, options.tenant));
      if (options.json) printJson(answer.text);
      if (!answer.body.ok) throw new CliError(describeVerification(name, answer.body), EXIT.failed);
      if (!options.json) printText(`${describeVerification(name, answer.body)}\n`);
    });
}

function command(parent: Command, name: string, description: string, options?: { isDefault: boolean }): Command {
  return addGatewayOptions(parent.command(name, options).description(description)).addOption(
    new Option('--tenant <tenant>', 'act in this tenant (sends Usergate-Tenant; the token needs a tenants claim naming it)').env('USERGATE_TENANT'),
  );
}

function onlyOneFromStdin(...paths: (string | undefined)[]): void {
  if (paths.filter((path) => path === '-').length > 1) throw new CliError('Only one file can come from stdin ("-").', EXIT.usage);
}

/**
 * Credentials as a JSON object. A parser's message quotes the text it choked on, so for this file
 * none is shown: a malformed secret must not end up on the screen or in a CI log.
 */
function readCredentials(path: string): Record<string, unknown> {
  return readJsonObject(path, 'credentials', { quoteErrors: false });
}

function readJsonObject(path: string, what: string, { quoteErrors = true } = {}): Record<string, unknown> {
  const source = path === '-' ? 'stdin' : path;
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${source}: ${(error as Error).message}`, EXIT.usage);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`The ${what} in ${source} are not JSON${quoteErrors ? `: ${(error as Error).message}` : '.'}`, EXIT.usage);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(`The ${what} in ${source} must be one JSON object, like {"apiKey": "..."}.`, EXIT.usage);
  }
  return value as Record<string, unknown>;
}
