import { randomBytes } from 'node:crypto';
import { DEMO_AUDIENCE, DEMO_ISSUER, mintToken } from './auth/jwt';
import { SCOPES } from './auth/principal';
import { fromEnv, parseConfig, type Environment } from './config/load';
import type { AdapterDefinition, RunningSimulator } from './connections/adapter';
import { createGateway, type Gateway } from './gateway';
import type { Logger } from './logging/logger';

export interface Demo {
  gateway: Gateway;
  simulators: RunningSimulator[];
  port: number;
  adminToken: string;
  close(): Promise<void>;
}

/**
 * The embedded default (DESIGN §7): every adapter's simulator on loopback with demo users, and a
 * gateway in front of them with one connection per simulator, named after its provider.
 */
export async function startDemo(adapters: readonly AdapterDefinition[], env: Environment, logger?: Logger): Promise<Demo> {
  const simulators = await Promise.all(adapters.map((adapter) => adapter.startSimulator()));
  const secret = fromEnv(env, 'USERGATE_JWT_SECRET') ?? randomBytes(32).toString('base64url');
  const config = parseConfig(
    {
      auth: { jwt: { secret, audience: DEMO_AUDIENCE, issuer: DEMO_ISSUER } },
      ...(env.REDIS_URL && { redis: { url: env.REDIS_URL } }),
      connections: Object.fromEntries(
        simulators.map((simulator) => [
          simulator.provider,
          { adapter: simulator.provider, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options },
        ]),
      ),
    },
    adapters,
    env,
  );
  // A logger given (tests) takes the audit stream too.
  const gateway = createGateway(config, { adapters, logger, auditLogger: logger });
  const port = await gateway.listen();
  const adminToken = mintToken(config.auth.jwt, { subject: 'demo-admin', scopes: [...SCOPES], ttlSeconds: 12 * 3600 });
  return {
    gateway,
    simulators,
    port,
    adminToken,
    async close() {
      await gateway.close();
      await Promise.all(simulators.map((simulator) => simulator.close()));
    },
  };
}

export function demoBanner(demo: Demo): string {
  const base = `http://localhost:${demo.port}`;
  const auth = `-H "Authorization: Bearer $USERGATE_TOKEN"`;
  return [
    '',
    `usergate demo is running on ${base} with simulated ${demo.simulators.map((simulator) => simulator.provider).join(', ')}.`,
    '',
    'Admin token (all scopes, valid 12 hours):',
    `  export USERGATE_TOKEN=${demo.adminToken}`,
    '',
    'Ops console (signed in with the admin token; the part after # never leaves your browser):',
    `  ${base}/console#token=${demo.adminToken}`,
    '',
    'Try:',
    `  curl -s ${auth} ${base}/v1/users/paysera:1001`,
    `  curl -s ${auth} ${base}/v1/users/wise:me`,
    `  curl -s ${auth} "${base}/v1/users?email=egle.jankauskiene@example.com"`,
    `  curl -s ${auth} "${base}/v1/people?email=egle.jankauskiene@example.com"`,
    `  curl -s ${auth} ${base}/v1/connections`,
    `  open ${base}/docs for the API reference`,
    '',
    'Stop with Ctrl+C.',
    '',
  ].join('\n');
}
