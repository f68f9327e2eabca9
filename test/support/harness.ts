import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import supertest from 'supertest';
import { adapters as allAdapters } from '../../adapters';
import { mintToken } from '../../src/auth/jwt';
import { SCOPES, type Scope } from '../../src/auth/principal';
import { parseConfig } from '../../src/config/load';
import type { GatewayConfig } from '../../src/config/schema';
import type { AdapterDefinition, RunningSimulator } from '../../src/connections/adapter';
import { createGateway, type Gateway } from '../../src/gateway';
import { createLogger, type LogLevel } from '../../src/logging/logger';
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
}

export interface Harness {
  gateway: Gateway;
  http: ReturnType<typeof supertest>;
  simulators: Record<string, RunningSimulator>;
  /** Every log line the gateway wrote, as text. */
  logs: string[];
  /** Every audit record, parsed. */
  audit: Array<Record<string, unknown>>;
  token(scopes?: Scope[] | 'all', extra?: { connections?: string[]; subject?: string }): string;
  /** `Authorization` header value for a token with these scopes. */
  bearer(scopes?: Scope[] | 'all', extra?: { connections?: string[]; subject?: string }): string;
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
      ...(options.server && { server: options.server }),
      metrics: options.metrics ?? false,
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
  const gateway = createGateway(config, {
    adapters: allAdapters,
    logger: createLogger({ level: config.logging.level, destination: stream }),
    auditLogger: createLogger({ destination: auditStream }),
  });
  await gateway.ready();
  const token: Harness['token'] = (scopes = 'all', extra = {}) =>
    mintToken(config.auth.jwt, {
      subject: extra.subject ?? 'test-client',
      scopes: scopes === 'all' ? [...SCOPES] : scopes,
      connections: extra.connections,
      ttlSeconds: 600,
    });
  return {
    gateway,
    http: validatingAgent(gateway),
    simulators,
    logs,
    audit,
    token,
    bearer: (scopes, extra) => `Bearer ${token(scopes, extra)}`,
    async close() {
      await gateway.close();
      await Promise.all(owned.map((simulator) => simulator.close()));
    },
  };
}

function redisSettings(redis: true | string | Record<string, unknown>): Record<string, unknown> {
  if (redis === true) return { url: TEST_REDIS_URL };
  return typeof redis === 'string' ? { url: redis } : redis;
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
