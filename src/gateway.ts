import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { Express } from 'express';
import { AuditLog } from './audit/audit-log';
import { TokenVerifier } from './auth/jwt';
import { ReadCache, type CachePolicy } from './cache/read-cache';
import { fromEnv } from './config/load';
import type { GatewayConfig } from './config/schema';
import type { AdapterDefinition } from './connections/adapter';
import { openConnections, type Connection, type ConnectionRegistry } from './connections/registry';
import { version } from '../package.json';
import { createApp, type Readiness } from './http/app';
import { buildOpenApi } from './http/openapi';
import { AuthFailureLimit } from './http/auth-failures';
import { metricsApp } from './http/metrics-app';
import type { BreakerStateName } from './resilience/breaker';
import { clientRateLimit } from './http/rate-limit';
import { createLogger, flushLogger, type Logger } from './logging/logger';
import { Metrics } from './observability/metrics';
import { connectRedis, disconnectRedis, redisReady } from './storage/redis';
import { MemoryStore, RedisStore, type KeyValueStore } from './storage/store';
import { PeopleService } from './people/service';
import { KeyRing } from './secrets/key-ring';
import { AuditedUserService } from './users/audited';
import { IdempotencyKeys } from './users/idempotency';
import { UserService } from './users/service';

export interface GatewayOptions {
  adapters: readonly AdapterDefinition[];
  /** The gateway's keys (keyed hashes of idempotency fingerprints and of provider values in logs); by default USERGATE_SECRETS_KEYS, else a key of this process alone. */
  keyRing?: KeyRing;
  logger?: Logger;
  /** The audit stream; by default where `logging.audit` says. */
  auditLogger?: Logger;
}

export interface Gateway {
  readonly app: Express;
  readonly config: GatewayConfig;
  readonly connections: ConnectionRegistry;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Prometheus `/metrics`, which `listen` serves on `config.metrics` (never on the API's port). */
  readonly metricsApp: Express;
  /** The port the metrics listener is bound to, once listening; undefined with `metrics: false`. */
  metricsPort(): number | undefined;
  /** Resolves once Redis (when configured) is connected, or after a short wait if it is not. */
  ready(): Promise<void>;
  /** Listens on `config.server` (or the given port) once ready; resolves with the bound port. */
  listen(port?: number): Promise<number>;
  /** Readiness goes false, in-flight requests finish, then connections and Redis close, and every log line is written. */
  close(): Promise<void>;
}

const FORCE_CLOSE_AFTER_MS = 30_000;

/** The composition root: config in, a ready (not yet listening) gateway out. */
export function createGateway(config: GatewayConfig, options: GatewayOptions): Gateway {
  const logger = options.logger ?? createLogger({ level: config.logging.level });
  const metrics = new Metrics();
  const redis = config.redis ? connectRedis(config.redis, logger) : undefined;
  const keyPrefix = config.redis?.keyPrefix;
  const store: KeyValueStore = redis && keyPrefix !== undefined ? new RedisStore(redis, keyPrefix) : new MemoryStore();
  const keyRing = options.keyRing ?? processKeyRing();
  const connections = openConnections(config, { adapters: options.adapters, store, logger, metrics, redis, keyPrefix, keyRing });
  const longestDeadline = Math.max(...connections.list().map((connection) => connection.config.timeouts.totalMs));
  const idempotency = new IdempotencyKeys(store, keyRing, longestDeadline + 60_000);
  const auditLogger = options.auditLogger ?? createLogger({ destination: config.logging.audit });
  const audit = new AuditLog(auditLogger);
  // Worked out once per connection, not on every read.
  const cachePolicies = new Map(connections.list().map((connection) => [connection.name, cachePolicy(config, connection)]));
  const userService = new UserService(connections, idempotency, new ReadCache(store, metrics, logger), (connection) => cachePolicies.get(connection.name));
  const users = new AuditedUserService(userService, audit, connections);
  let draining = false;
  const readiness = (): Readiness => {
    const breakers = connections.list().map((connection) => connection.http.breaker.state);
    const redisState = redis ? (redis.status === 'ready' ? 'ok' : 'down') : 'not-configured';
    const usable = breakers.some((state) => state !== 'open');
    const ready = !draining && redisState !== 'down' && usable;
    return { ready, status: draining ? 'draining' : ready ? 'ready' : 'not-ready', checks: { redis: redisState, connections: countByState(breakers) } };
  };
  const app = createApp({
    adapters: options.adapters,
    users,
    people: new PeopleService(users, connections),
    connections,
    operations: { idempotency, audit, forgetUser: (connection, providerUserId) => userService.forget(connection, providerUserId) },
    verifier: new TokenVerifier(config.auth.jwt),
    logger,
    metrics,
    clientRateLimit: config.rateLimit ? clientRateLimit(config.rateLimit, metrics, redis, keyPrefix) : undefined,
    authFailures: config.authFailureLimit ? new AuthFailureLimit(config.authFailureLimit, metrics, redis, keyPrefix) : undefined,
    bodyLimitBytes: config.server.bodyLimitBytes,
    cacheStatusHeader: config.cache.statusHeader,
    readiness,
    isDraining: () => draining,
    openApi: buildOpenApi(options.adapters, version),
  });
  const metricsListener = metricsApp(metrics);
  let server: Server | undefined;
  let metricsServer: Server | undefined;

  return {
    app,
    config,
    connections,
    logger,
    metrics,
    metricsApp: metricsListener,
    metricsPort: () => (metricsServer?.address() as AddressInfo | null | undefined)?.port,
    ready: () => (redis ? redisReady(redis) : Promise.resolve()),
    async listen(port = config.server.port) {
      if (redis) await redisReady(redis);
      if (config.metrics) {
        metricsServer = createServer(metricsListener);
        await bind(metricsServer, config.metrics.port, config.metrics.host);
      }
      server = httpServer(app, config.server);
      return bind(server, port, config.server.host);
    },
    async close() {
      draining = true;
      if (server) {
        // Let load balancers see /readyz fail before the listener goes away.
        await delay(config.server.shutdownDelayMs);
        await drain(server);
      }
      if (metricsServer) await drain(metricsServer);
      await connections.close();
      if (redis) await disconnectRedis(redis);
      // Lines are written in batches: none of the last requests' lines may be left behind.
      await Promise.all([flushLogger(logger), flushLogger(auditLogger)]);
    },
  };
}

/** Listens; resolves with the bound port. */
function bind(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Readiness counts connections by breaker state: it is unauthenticated, so it names none. */
function countByState(states: BreakerStateName[]): Record<BreakerStateName, number> {
  const counts: Record<BreakerStateName, number> = { closed: 0, 'half-open': 0, open: 0 };
  for (const state of states) counts[state] += 1;
  return counts;
}

/**
 * The listener, with the client timeouts far below Node's defaults (a request may take 300 s to
 * arrive): a client that sends slowly holds a connection no longer than `requestTimeoutMs`.
 */
function httpServer(app: Express, settings: GatewayConfig['server']): Server {
  return createServer(
    {
      requestTimeout: settings.requestTimeoutMs,
      headersTimeout: settings.headersTimeoutMs,
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      // How often Node looks for connections past those timeouts (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, settings.headersTimeoutMs / 2),
    },
    app,
  );
}

/** Stops accepting, lets in-flight requests finish (closing keep-alive sockets as they go idle). */
async function drain(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  const force = setTimeout(() => server.closeAllConnections(), FORCE_CLOSE_AFTER_MS);
  server.closeIdleConnections();
  await closed;
  clearInterval(idleSweep);
  clearTimeout(force);
}

/** USERGATE_SECRETS_KEYS when set; otherwise a key of this process, which no other instance shares. */
function processKeyRing(env = process.env): KeyRing {
  return KeyRing.parse(fromEnv(env, 'USERGATE_SECRETS_KEYS') ?? KeyRing.generateEntry('process'));
}

function cachePolicy(config: GatewayConfig, connection: Connection): CachePolicy | undefined {
  const settings = { ...config.cache, ...connection.config.cache };
  if (!settings.enabled) return undefined;
  return {
    softTtlMs: settings.softTtlSeconds * 1000,
    staleWhileRevalidateMs: settings.staleWhileRevalidateSeconds * 1000,
    hardTtlMs: Math.max(settings.hardTtlSeconds, settings.softTtlSeconds + settings.staleWhileRevalidateSeconds) * 1000,
  };
}
