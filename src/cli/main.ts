#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { adapters } from '../../adapters';
import { mintToken, parseTtl } from '../auth/jwt';
import { SCOPES, type Scope } from '../auth/principal';
import { loadConfigFile } from '../config/load';
import type { JwtConfig } from '../config/schema';
import { DEMO_AUDIENCE, DEMO_ISSUER } from '../demo';
import { reportStartupError, serve } from '../main';
import { registerContract } from './commands/contract';
import { registerSimulate } from './commands/simulate';

const program = new Command('usergate').description('One user API over many payment providers.').showHelpAfterError();

program
  .command('serve')
  .description('run the gateway (USERGATE_CONFIG names the config; without it, the embedded demo)')
  .action(() => serve().catch(reportStartupError));

program
  .command('token')
  .description('mint a client token with the gateway secret (USERGATE_CONFIG, or USERGATE_JWT_SECRET for the demo)')
  .option('--scope <scopes>', `space-separated scopes (${SCOPES.join(', ')})`, 'users:read')
  .option('--connections <names>', 'comma-separated connections the token may reach (default: all)')
  .option('--ttl <duration>', 'lifetime such as 15m, 12h or 3600', '15m')
  .option('--sub <subject>', 'who the token is for', 'cli')
  .action((options: { scope: string; connections?: string; ttl: string; sub: string }) => {
    const token = mintToken(jwtConfig(), {
      subject: options.sub,
      scopes: parseScopes(options.scope),
      connections: options.connections?.split(',').map((name) => name.trim()).filter(Boolean),
      ttlSeconds: asTtl(options.ttl),
    });
    process.stdout.write(`${token}\n`);
  });

function jwtConfig(): JwtConfig {
  if (process.env.USERGATE_CONFIG) return loadConfigFile(process.env.USERGATE_CONFIG, adapters).auth.jwt;
  const secret = process.env.USERGATE_JWT_SECRET;
  if (!secret) fail('Set USERGATE_CONFIG (a gateway config) or USERGATE_JWT_SECRET (the demo secret) to mint tokens.');
  return { secret, algorithms: ['HS256'], audience: DEMO_AUDIENCE, issuer: DEMO_ISSUER, clockToleranceSeconds: 30 };
}

function parseScopes(value: string): Scope[] {
  const scopes = value.split(/[\s,]+/).filter(Boolean);
  const unknown = scopes.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (unknown.length) fail(`Unknown scope(s): ${unknown.join(', ')}. Known: ${SCOPES.join(', ')}.`);
  return scopes as Scope[];
}

function asTtl(value: string): number {
  try {
    return parseTtl(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

registerSimulate(program);
registerContract(program);

program.parseAsync().catch(reportStartupError);
