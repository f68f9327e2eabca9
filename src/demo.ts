import { randomBytes } from 'node:crypto';
import { DEMO_AUDIENCE, DEMO_ISSUER, mintToken } from './auth/jwt';
import { SCOPES } from './auth/principal';
import { fromEnv, parseConfig, type Environment } from './config/load';
import type { AdapterDefinition, RunningSimulator } from './connections/adapter';
import { createGateway, type Gateway } from './gateway';
import type { Logger } from './logging/logger';

export interface Demo {
  gateway: Gateway;
  /** The adapters it simulates, each in front of its simulator (in the same order). */
  adapters: readonly AdapterDefinition[];
  simulators: RunningSimulator[];
  /** The address it listens on: loopback unless `HOST` says otherwise. */
  host: string;
  port: number;
  /** Where Prometheus metrics are served, on 127.0.0.1 only. */
  metricsPort?: number;
  adminToken: string;
  close(): Promise<void>;
}

/** Where the demo listens without `HOST`: it prints a token that can do everything, so only this machine may connect. */
export const DEMO_HOST = '127.0.0.1';

/**
 * The embedded default (DESIGN §7): every adapter's simulator on loopback with demo users, and a
 * gateway in front of them with one connection per simulator, named after its provider. The
 * gateway listens on loopback too, unless `HOST` names another address.
 */
export async function startDemo(adapters: readonly AdapterDefinition[], env: Environment, logger?: Logger): Promise<Demo> {
  const simulators = await Promise.all(adapters.map((adapter) => adapter.startSimulator()));
  const secret = fromEnv(env, 'USERGATE_JWT_SECRET') ?? randomBytes(32).toString('base64url');
  const config = parseConfig(
    {
      // As a config file would say it: an unset or empty HOST means the default.
      // No load balancer stands in front of the demo to hear /readyz fail: Ctrl+C stops it at once.
      server: { host: `\${HOST:-${DEMO_HOST}}`, shutdownDelayMs: 0 },
      // Metrics on this machine only, on METRICS_PORT or a free port (the banner says which).
      metrics: { port: '${METRICS_PORT:-0}', host: DEMO_HOST },
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
    adapters,
    simulators,
    host: config.server.host,
    port,
    metricsPort: gateway.metricsPort(),
    adminToken,
    async close() {
      await gateway.close();
      await Promise.all(simulators.map((simulator) => simulator.close()));
    },
  };
}

export function demoBanner(demo: Demo): string {
  const base = `http://${reachableHost(demo.host)}:${demo.port}`;
  const auth = `-H "Authorization: Bearer $USERGATE_TOKEN"`;
  return [
    '',
    `usergate demo is running on ${base} with simulated ${demo.simulators.map((simulator) => simulator.provider).join(', ')}.`,
    demo.host === DEMO_HOST
      ? `It listens on ${DEMO_HOST} only: other machines cannot connect (HOST=0.0.0.0 would let them).`
      : `It listens on ${demo.host} (HOST): other machines that reach this address can use the admin token below.`,
    '',
    'Admin token (all scopes, valid 12 hours):',
    `  export USERGATE_TOKEN=${demo.adminToken}`,
    '',
    'Ops console (signed in with the admin token; the part after # never leaves your browser):',
    `  ${base}/console#token=${demo.adminToken}`,
    '',
    ...(demo.metricsPort === undefined ? [] : [`Prometheus metrics (this machine only): http://${DEMO_HOST}:${demo.metricsPort}/metrics`, '']),
    'Try:',
    ...demoUserIds(demo.adapters).map(({ id, shows }) => `  curl -s ${auth} ${base}/v1/users/${id}${shows ? `    # ${shows}` : ''}`),
    `  curl -s ${auth} "${base}/v1/users?email=egle.jankauskiene@example.com"`,
    `  curl -s ${auth} "${base}/v1/people?email=egle.jankauskiene@example.com"`,
    `  curl -s ${auth} ${base}/v1/connections`,
    `  open ${base}/docs for the API reference`,
    '',
    'Stop with Ctrl+C.',
    '',
  ].join('\n');
}

/** The demo person at the first adapter, then every adapter's hints: the global ids the banner suggests reading. */
function demoUserIds(adapters: readonly AdapterDefinition[]): { id: string; shows?: string }[] {
  const [first] = adapters;
  const person = first ? [{ id: `${first.name}:${first.demo.personId}` }] : [];
  const hints = adapters.flatMap((adapter) => (adapter.demo.hints ?? []).map((hint) => ({ id: `${adapter.name}:${hint.userId}`, shows: hint.shows })));
  return [...person, ...hints];
}

/** What to type in a browser or curl: `localhost` for loopback and every-interface addresses, else the address itself. */
function reachableHost(host: string): string {
  if (['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::'].includes(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
