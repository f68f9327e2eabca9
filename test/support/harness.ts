import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import supertest from 'supertest';
import { adapters as allAdapters } from '../../adapters';
import { mintToken } from '../../src/auth/jwt';
import { SCOPES, type Scope } from '../../src/auth/principal';
import { parseConfig } from '../../src/config/load';
import type { GatewayConfig } from '../../src/config/schema';
import type { AdapterDefinition, RunningSimulator } from '../../src/connections/adapter';
import { withSimulators } from '../../src/connections/base-url-policy';
import { openStoredConnections, type StoredConnections } from '../../src/connections/stored-connections';
import { createGateway, type Gateway } from '../../src/gateway';
import type { Tracing } from '../../src/observability/tracing';
import { createLogger, type Logger, type LogLevel } from '../../src/logging/logger';
import { KeyRing } from '../../src/secrets/key-ring';
import { OpenApiValidator } from './openapi';
import { TEST_REDIS_URL, uniqueKeyPrefix } from './redis';

export const TEST_JWT = { secret: randomBytes(32).toString('base64url'), audience: 'usergate-test', issuer: 'usergate-test-issuer' };

export interface ConnectionUnderTest {
  /** The connection's name; defaults to the adapter's name. */
  name?: string;
  adapter: AdapterDefinition;
  /** A running simulator; one is started with default options when absent. */
  simulator?: RunningSimulator;
  credentials?: Record<string, unknown>;
  options?: Record<string, unknown>;
  timeouts?: { attemptMs?: number; totalMs?: number };
  /** Any other connection settings (retries, breaker, maxConcurrency, outboundLimit, cache...). */
  settings?: Record<string, unknown>;
}

/** Claims a test token may carry besides its scopes. */
export interface TokenExtras {
  connections?: string[];
  subject?: string;
  tenant?: string;
  tenants?: string[];
}

export interface HarnessOptions {
  connections?: ConnectionUnderTest[];
  /** `true` for the shared test Redis, the URL of another one, or a whole `redis` config (Sentinel, Cluster, settings); a key prefix of its own unless given. */
  redis?: boolean | string | Record<string, unknown>;
  logLevel?: LogLevel;
  /**
   * The read cache is off unless a test is about it, so that every read reaches the simulator.
   * `Cache-Status` is sent (tests read it), unlike the gateway's default.
   */
  cache?: Partial<GatewayConfig['cache']>;
  /** Per-client rate limit; off unless a test is about it. */
  rateLimit?: { requests: number; perSeconds: number };
  /** Per-address limit of failed authentications; off unless a test is about it. */
  authFailureLimit?: { requests: number; perSeconds: number };
  /** `server` settings (timeouts...) for tests that listen on a port. */
  server?: Record<string, unknown>;
  /** The metrics listener, for tests that listen: off unless a test is about it. */
  metrics?: { port: number; host?: string } | false;
  /** Client-token verification settings other than the shared test secret. */
  jwt?: Record<string, unknown>;
  /** Where request spans go (an in-memory exporter's processor, say); tracing is off without it. */
  tracing?: Tracing;
  /**
   * Tenants' stored connections: `true` opens a fresh SQLite file store of the harness's own (in a
   * temporary directory, closed with the harness); an opened one is shared (its opener closes it).
   */
  store?: true | StoredConnections;
  /** Where stored connections may point; by default, as in the demo, the documented hosts and this harness's simulators. */
  allowedBaseUrls?: Record<string, string[]>;
}

export interface Harness {
  gateway: Gateway;
  http: ReturnType<typeof supertest>;
  simulators: Record<string, RunningSimulator>;
  /** The stored connections, when the harness was given a store. */
  stored?: StoredConnections;
  /** Every log line the gateway wrote, as text. */
  logs: string[];
  /** Every audit record, parsed. */
  audit: Array<Record<string, unknown>>;
  token(scopes?: Scope[] | 'all', extra?: TokenExtras): string;
  /** `Authorization` header value for a token with these scopes. */
  bearer(scopes?: Scope[] | 'all', extra?: TokenExtras): string;
  close(): Promise<void>;
}

/**
 * An in-process gateway (not listening; supertest drives it) in front of real simulators on
 * loopback, optionally on the real Redis, with every log line captured for inspection.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const under: ConnectionUnderTest[] = options.connections ?? allAdapters.map((adapter) => ({ adapter }));
  const owned: RunningSimulator[] = [];
  const simulators: Record<string, RunningSimulator> = {};
  const connections: Record<string, unknown> = {};
  for (const connection of under) {
    const name = connection.name ?? connection.adapter.name;
    let simulator = connection.simulator;
    if (!simulator) {
      simulator = await connection.adapter.startSimulator();
      owned.push(simulator);
    }
    simulators[name] = simulator;
    connections[name] = {
      adapter: connection.adapter.name,
      baseUrl: simulator.baseUrl,
      credentials: connection.credentials ?? simulator.credentials,
      options: connection.options ?? simulator.options,
      ...(connection.timeouts && { timeouts: connection.timeouts }),
      ...connection.settings,
    };
  }
  const config = parseConfig(
    {
      auth: { jwt: options.jwt ?? TEST_JWT },
      ...(options.redis && { redis: { keyPrefix: uniqueKeyPrefix(), ...redisSettings(options.redis) } }),
      logging: { level: options.logLevel ?? 'debug' },
      cache: { enabled: false, statusHeader: true, ...options.cache },
      rateLimit: options.rateLimit ?? false,
      authFailureLimit: options.authFailureLimit ?? false,
      // Closing is not delayed for load balancers (there are none), unless a test is about it.
      server: { shutdownDelayMs: 0, ...options.server },
      metrics: options.metrics ?? false,
      allowedBaseUrls: options.allowedBaseUrls ?? withSimulators(allAdapters, Object.values(simulators)),
      connections,
    },
    allAdapters,
    {},
  );
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const audit: Array<Record<string, unknown>> = [];
  const auditStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      audit.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: config.logging.level, destination: stream });
  const ownStore = options.store === true ? await openTemporaryStore(logger) : undefined;
  const stored = ownStore?.stored ?? (options.store === true ? undefined : options.store);
  const gateway = createGateway(config, {
    adapters: allAdapters,
    logger,
    auditLogger: createLogger({ destination: auditStream }),
    ...(options.tracing && { tracing: options.tracing }),
    storedConnections: stored,
  });
  await gateway.ready();
  const token: Harness['token'] = (scopes = 'all', extra = {}) =>
    mintToken(config.auth.jwt, {
      subject: extra.subject ?? 'test-client',
      scopes: scopes === 'all' ? [...SCOPES] : scopes,
      connections: extra.connections,
      tenant: extra.tenant,
      tenants: extra.tenants,
      ttlSeconds: 600,
    });
  return {
    gateway,
    http: validatingAgent(gateway),
    simulators,
    stored,
    logs,
    audit,
    token,
    bearer: (scopes, extra) => `Bearer ${token(scopes, extra)}`,
    async close() {
      await gateway.close();
      await ownStore?.dispose();
      await Promise.all(owned.map((simulator) => simulator.close()));
    },
  };
}

function redisSettings(redis: true | string | Record<string, unknown>): Record<string, unknown> {
  if (redis === true) return { url: TEST_REDIS_URL };
  return typeof redis === 'string' ? { url: redis } : redis;
}

/** A SQLite store in a directory of its own, with keys of its own (no key file). */
export async function openTemporaryStore(logger: Logger): Promise<{ stored: StoredConnections; dispose(): Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'usergate-harness-'));
  const stored = await openStoredConnections(
    { sqlite: { path: join(directory, 'usergate.db') } },
    { logger, env: { USERGATE_SECRETS_KEYS: KeyRing.generateEntry('test') } },
  );
  return {
    stored,
    async dispose() {
      await stored.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/**
 * supertest, with every response checked against the gateway's own OpenAPI document: each HTTP
 * test is also a conformance test of the document.
 */
function validatingAgent(gateway: Gateway): ReturnType<typeof supertest> {
  const agent = supertest(gateway.app);
  let validator: OpenApiValidator | undefined;
  const check = async (method: string, url: string, response: supertest.Response) => {
    validator ??= new OpenApiValidator((await supertest(gateway.app).get('/openapi.json')).body);
    validator.check(method, url, response);
  };
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !METHODS.has(property) || typeof value !== 'function') return value;
      return (url: string) => {
        const test = (value as (url: string) => supertest.Test).call(target, url);
        const then = test.then.bind(test);
        test.then = ((onFulfilled, onRejected) =>
          then(async (response) => {
            await check(property.toUpperCase(), url, response);
            return response;
          }).then(onFulfilled, onRejected)) as typeof test.then;
        return test;
      };
    },
  });
}
