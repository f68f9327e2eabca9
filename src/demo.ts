import { randomBytes } from 'node:crypto';
import { DEMO_AUDIENCE, DEMO_ISSUER, mintToken } from './auth/jwt';
import { SCOPES } from './auth/principal';
import { fromEnv, parseConfig, type Environment } from './config/load';
import type { AdapterDefinition, RunningSimulator } from './connections/adapter';
import { DEFAULT_SQLITE_PATH } from './config/schema';
import { withSimulators } from './connections/base-url-policy';
import { openStoredConnections } from './connections/stored-connections';
import { createGateway, type Gateway } from './gateway';
import { createLogger, type Logger } from './logging/logger';
import { keyFileFor, SECRETS_KEYS_ENV } from './secrets/key-selection';

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
  /** Where connections added at run time are kept, and the key file their credentials are sealed with (none when USERGATE_SECRETS_KEYS is set). */
  store: { path: string; keyFile?: string };
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
      store: { sqlite: { path: `\${USERGATE_SQLITE_PATH:-${DEFAULT_SQLITE_PATH}}` } },
      // Stored connections may point at the simulators too, beside the providers' documented hosts.
      allowedBaseUrls: withSimulators(adapters, simulators),
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
  const log = logger ?? createLogger({ level: config.logging.level });
  // The embedded SQLite store: without USERGATE_SECRETS_KEYS it generates a key file next to the database and says so.
  const storedConnections = await openStoredConnections(config.store, { logger: log, env }).catch(async (error: unknown) => {
    await Promise.all(simulators.map((simulator) => simulator.close()));
    throw error;
  });
  // A logger given (tests) takes the audit stream too.
  const gateway = createGateway(config, { adapters, logger: log, auditLogger: logger, storedConnections });
  let port: number;
  try {
    port = await gateway.listen();
  } catch (error) {
    await gateway.close();
    await storedConnections.close();
    await Promise.all(simulators.map((simulator) => simulator.close()));
    throw error;
  }
  const adminToken = mintToken(config.auth.jwt, { subject: 'demo-admin', scopes: [...SCOPES], ttlSeconds: 12 * 3600 });
  return {
    gateway,
    adapters,
    simulators,
    host: config.server.host,
    port,
    metricsPort: gateway.metricsPort(),
    adminToken,
    store: {
      path: config.store.sqlite?.path ?? DEFAULT_SQLITE_PATH,
      ...(!env[SECRETS_KEYS_ENV]?.trim() && { keyFile: keyFileFor(config.store) }),
    },
    async close() {
      await gateway.close();
      await storedConnections.close();
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
    ...storeLines(demo.store),
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

/** Where added connections go, and loudly, where the key that seals their credentials is: losing it loses them. */
function storeLines(store: Demo['store']): string[] {
  return [
    `Connections added at run time (POST /v1/connections) are kept in ${store.path}.`,
    store.keyFile
      ? `Their credentials are sealed with the key in ${store.keyFile}: back it up with the database (or set ${SECRETS_KEYS_ENV} to keep it elsewhere).`
      : `Their credentials are sealed with ${SECRETS_KEYS_ENV}.`,
    '',
  ];
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
