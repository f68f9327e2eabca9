import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Lookup } from '../../console/client/gateway-client';
import { commaList } from '../comma-list';
import { CliError, EXIT } from '../exit-codes';
import { addGatewayOptions, openGateway, printJson, printText, type GatewayOptions } from '../gateway';
import { renderFanOut, renderUser } from '../render';

interface FindOptions extends GatewayOptions {
  email?: string;
  phone?: string;
  nationalId?: string;
  nationality?: string;
  connections?: string;
}

interface CreateOptions extends GatewayOptions {
  connection: string;
  file: string;
  idempotencyKey?: string;
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description('get, find and create users through a running gateway');

  addGatewayOptions(
    users.command('get').description('one user by global id').argument('<id>', 'global id <connection>:<providerUserId>, like wallet-eu:1001'),
  ).action(async (id: string, options: GatewayOptions) => {
    const gateway = openGateway(options);
    const answer = await gateway.call(`Reading ${id}`, (client) => client.getUser(id));
    if (options.json) printJson(answer.text);
    else printText(renderUser(answer.body, gateway.piiVisible));
  });

  addGatewayOptions(
    users
      .command('find')
      .description('look a person up at every connection that can search (or the ones named)')
      .option('--email <email>', 'email address')
      .option('--phone <phone>', 'phone number in E.164 form, like +37060012345')
      .option('--national-id <id>', 'national id (person code); needs --nationality and the users:pii scope')
      .option('--nationality <country>', 'ISO 3166-1 alpha-2 country of the national id, like LT')
      .option('--connections <names>', 'comma-separated connections to ask (default: all)'),
  ).action(async (options: FindOptions) => {
    const gateway = openGateway(options);
    const answer = await gateway.call('Searching every connection', (client) => client.findUsers(lookupFrom(options)));
    if (options.json) printJson(answer.text);
    else printText(renderFanOut(answer.body));
  });

  addGatewayOptions(
    users
      .command('create')
      .description('create a user at one connection')
      .requiredOption('--connection <name>', 'the connection to create the user at')
      .requiredOption('--file <path>', 'JSON file with the canonical user fields to write ("-" reads stdin)')
      .option('--idempotency-key <key>', 'retrying with the same key never creates a second user (default: a new key, kept across the retries of this run)'),
  ).action(async (options: CreateOptions) => {
    const user = readUserFile(options.file);
    const gateway = openGateway(options);
    const answer = await gateway.call(`Creating the user at ${options.connection}`, (client) =>
      client.createUser({ connection: options.connection, user }, options.idempotencyKey),
    );
    if (options.json) printJson(answer.text);
    else printText(`Created ${answer.body.id}.\n${'name' in answer.body ? renderUser(answer.body, gateway.piiVisible) : ''}`);
  });
}

const ONE_LOOKUP_KEY = 'Give exactly one of --email, --phone or --national-id.';

function lookupFrom(options: FindOptions): Lookup {
  const { email, phone, nationalId, nationality } = options;
  const given = [email, phone, nationalId].filter((value) => value !== undefined);
  if (given.length !== 1) throw new CliError(ONE_LOOKUP_KEY, EXIT.usage);
  const connections = commaList(options.connections);
  if (email !== undefined) return { email, connections };
  if (phone !== undefined) return { phone, connections };
  if (nationalId === undefined) throw new CliError(ONE_LOOKUP_KEY, EXIT.usage);
  if (!nationality) throw new CliError('--national-id needs --nationality (the country that issued it, like LT).', EXIT.usage);
  return { nationalId, nationality, connections };
}

function readUserFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${path}: ${(error as Error).message}`, EXIT.usage);
  }
  let user: unknown;
  try {
    user = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path} is not JSON: ${(error as Error).message}`, EXIT.usage);
  }
  if (user === null || typeof user !== 'object' || Array.isArray(user)) {
    throw new CliError(`${path} must hold one JSON object: the user's canonical fields, like {"email": "..."}.`, EXIT.usage);
  }
  return user as Record<string, unknown>;
}
