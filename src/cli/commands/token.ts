import type { Command } from 'commander';
import { SCOPES, type Scope } from '../../auth/principal';
import type { JwtConfig } from '../../config/schema';
import { commaList } from '../comma-list';
import { CliError, EXIT } from '../exit-codes';

interface TokenOptions {
  scope: string;
  connections?: string;
  tenant?: string;
  tenants?: string;
  ttl: string;
  sub: string;
}

export function registerToken(program: Command): void {
  program
    .command('token')
    .description('mint a client token with the gateway secret (USERGATE_CONFIG, or USERGATE_JWT_SECRET for the demo)')
    .option('--scope <scopes>', `space-separated scopes (${SCOPES.join(', ')})`, 'users:read')
    .option('--connections <names>', 'comma-separated connections the token may reach (default: all)')
    .option('--tenant <tenant>', 'the tenant the token acts in (default: default)')
    .option('--tenants <tenants>', 'comma-separated tenants it may pick with the Usergate-Tenant header, or * for every one')
    .option('--ttl <duration>', 'lifetime such as 15m, 12h or 3600', '15m')
    .option('--sub <subject>', 'who the token is for', 'cli')
    .action((options: TokenOptions) => {
      // Required on use, like `serve`: config loading brings every adapter.
      const { mintToken, parseTtl } = require('../../auth/jwt') as typeof import('../../auth/jwt');
      const scopes = parseScopes(options.scope);
      const config = jwtConfig();
      const ttlSeconds = asTtl(options.ttl, parseTtl);
      if (ttlSeconds > config.maxLifetimeSeconds) {
        throw new CliError(`--ttl: the gateway refuses tokens that live longer than ${config.maxLifetimeSeconds} s (auth.jwt.maxLifetimeSeconds).`, EXIT.usage);
      }
      const token = mintToken(config, {
        subject: options.sub,
        scopes,
        connections: commaList(options.connections),
        tenant: options.tenant,
        tenants: commaList(options.tenants),
        ttlSeconds,
      });
      process.stdout.write(`${token}\n`);
    });
}

function jwtConfig(): JwtConfig {
  if (process.env.USERGATE_CONFIG) {
    const { adapters } = require('../../../adapters') as typeof import('../../../adapters');
    const { loadConfigFile } = require('../../config/load') as typeof import('../../config/load');
    return loadConfigFile(process.env.USERGATE_CONFIG, adapters).auth.jwt;
  }
  const secret = process.env.USERGATE_JWT_SECRET;
  if (!secret) throw new CliError('Set USERGATE_CONFIG (a gateway config) or USERGATE_JWT_SECRET (the demo secret) to mint tokens.', EXIT.usage);
  const { DEMO_AUDIENCE, DEMO_ISSUER, DEMO_MAX_LIFETIME_SECONDS } = require('../../auth/jwt') as typeof import('../../auth/jwt');
  return {
    secret,
    algorithms: ['HS256'],
    audience: DEMO_AUDIENCE,
    issuer: DEMO_ISSUER,
    clockToleranceSeconds: 30,
    maxLifetimeSeconds: DEMO_MAX_LIFETIME_SECONDS,
  };
}

function parseScopes(value: string): Scope[] {
  const scopes = value.split(/[\s,]+/).filter(Boolean);
  const unknown = scopes.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (unknown.length) throw new CliError(`Unknown scope(s): ${unknown.join(', ')}. Known: ${SCOPES.join(', ')}.`, EXIT.usage);
  return scopes as Scope[];
}

function asTtl(value: string, parseTtl: (ttl: string) => number): number {
  try {
    return parseTtl(value);
  } catch (error) {
    throw new CliError(`--ttl: ${(error as Error).message}`, EXIT.usage);
  }
}
