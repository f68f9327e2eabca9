import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { Express } from 'express';
import { AuditLog } from './audit/audit-log';
import { TokenVerifier } from './auth/jwt';
import { OutageCopy } from './cache/outage-copy';
import { ReadCache, type CachePolicy } from './cache/read-cache';
import { fromEnv } from './config/load';
import type { GatewayConfig } from './config/schema';
import type { AdapterDefinition } from './connections/adapter';
import { setUpConnectionAdmin } from './connections/admin-setup';
import type { CredentialHealth } from './connections/health';
import { ConnectionRegistry, openConnections, type Connection } from './connections/registry';
import type { StoredConnections } from './connections/stored-connections';
import { TenantRegistry } from './connections/tenant-registry';
import { version } from '../package.json';
import { createApp, type Readiness } from './http/app';
import { expressObjects } from './http/express-objects';
import { buildOpenApi } from './http/openapi';
import { AuthFailureLimit } from './http/auth-failures';
import { metricsApp } from './http/metrics-app';
import type { BreakerStateName } from './resilience/breaker';
import { clientRateLimit } from './http/rate-limit';
import { createLogger, flushLogger, type Logger } from './logging/logger';
import { Metrics } from './observability/metrics';
import type { Tracing } from './observability/tracing';
import { otlpTracingOnDemand } from './observability/tracing-on-demand';
import { connectRedis, disconnectRedis, redisReady } from './storage/redis';
import { LiveInstances } from './storage/live-instances';
import { GuardedRedis } from './storage/redis-guard';
import { MemoryStore, RedisStore, type KeyValueStore } from './storage/store';
import { PeopleService } from './people/service';
import { KeyRing } from './secrets/key-ring';
import { AuditedUserService } from './users/audited';
import { IdempotencyKeys } from './users/idempotency';
import { UserService } from './users/service';

export interface GatewayOptions {
  adapters: readonly AdapterDefinition[];
  /**
   * The gateway's keys (keyed hashes of idempotency fingerprints and of provider values in logs); by default the
   * stored connections' keys, else USERGATE_SECRETS_KEYS, else a key of this process alone.
   */
  keyRing?: KeyRing;
  /** Tenants' connections kept as data (DESIGN §8), opened by the caller (opening is asynchronous); the caller closes them after the gateway. */
  storedConnections?: StoredConnections;
  logger?: Logger;
  /** The audit stream; by default where `logging.audit` says. */
  auditLogger?: Logger;
  /** Where request spans go; by default where `config.tracing` says (nowhere when it is off). A given one is the caller's to shut down. */
  tracing?: Tracing;
}

export interface Gateway {
  readonly app: Express;
  readonly config: GatewayConfig;
  /** The declared connections (the config file's, in the `default` tenant). */
  readonly connections: ConnectionRegistry;
  /** Every tenant's connections: the declared ones and the stored ones, opened on first use. */
  readonly registry: TenantRegistry;
  /** With stored connections: where their calls report the provider refusing their credentials (`withCredentialHealth`). */
  readonly credentialHealth?: CredentialHealth;
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
  const ownTracing = options.tracing || !config.tracing ? undefined : otlpTracingOnDemand(config.tracing, version);
  const redis = config.redis && new GuardedRedis(connectRedis(config.redis, logger), config.redis.keyPrefix, logger, config.redis.commandTimeoutMs);
  metrics.redisHealth = redis && (() => redis.health());
  const instances = new LiveInstances(redis, config.redis?.instances);
  instances.start();
  metrics.liveInstances = () => instances.count();
  const store: KeyValueStore = redis ? new RedisStore(redis) : new MemoryStore();
  const keyRing = options.keyRing ?? options.storedConnections?.keyRing ?? processKeyRing();
  const dependencies = { store, logger, metrics, redis, instances, keyRing };
  const declared = openConnections(config, { adapters: options.adapters, ...dependencies });
  const auditLogger = options.auditLogger ?? createLogger({ destination: config.logging.audit });
  const audit = new AuditLog(auditLogger);
  const stored = options.storedConnections;
  const connectionAdmin = setUpConnectionAdmin({
    config,
    adapters: options.adapters,
    declared: ConnectionRegistry.of(declared),
    stored,
    logger,
    auditLogger,
    metrics,
    keyRing,
  });
  const registry = new TenantRegistry({ adapters: options.adapters, declared, stored, dependencies, logger, health: connectionAdmin.health });
  const connections = registry.declared;
  const longestDeadline = Math.max(...declared.map((connection) => connection.config.timeouts.totalMs));
  const idempotency = new IdempotencyKeys(idempotencyStore(config, redis) ?? store, keyRing, longestDeadline + 60_000, logger);
  // Worked out once per opened connection, not on every read.
  const cachePolicies = new WeakMap<Connection, CachePolicy | undefined>();
  const policyOf = (connection: Connection) => {
    if (!cachePolicies.has(connection)) cachePolicies.set(connection, cachePolicy(config, connection));
    return cachePolicies.get(connection);
  };
  const readCache = new ReadCache(store, metrics, logger, redis && new OutageCopy(config.cache.outageCopy));
  const userService = new UserService(registry, idempotency, readCache, policyOf);
  const users = new AuditedUserService(userService, audit, registry);
  let draining = false;
  const readiness = (): Readiness => {
    const breakers = declared.map((connection) => connection.http.breaker.state);
    const { state: redisState, cluster: redisCluster } = redis?.health() ?? { state: 'not-configured' };
    // NOTE: Redis is fail-open: without it instances serve on, so it takes them out only when the operator says so.
    const redisMissing = redisState === 'degraded' && config.redis?.requiredForReadiness === true;
    // A store that does not answer degrades the instance without taking it out of service: what is loaded keeps serving.
    const catalog = options.storedConnections?.catalog;
    const storeState = catalog ? (catalog.isAvailable() ? 'ok' : 'degraded') : 'not-configured';
    const ready = !draining && !redisMissing && breakers.some((state) => state !== 'open');
    return {
      ready,
      status: draining ? 'draining' : ready ? 'ready' : 'not-ready',
      checks: { redis: redisState, ...(redisCluster && { redisCluster }), store: storeState, connections: countByState(breakers) },
    };
  };
  const app = createApp({
    adapters: options.adapters,
    users,
    people: new PeopleService(users, registry),
    connections: registry,
    storedConnections: options.storedConnections,
    operations: { idempotency, audit, forgetUser: (connection, providerUserId) => userService.forget(connection, providerUserId) },
    verifier: new TokenVerifier(config.auth.jwt),
    logger,
    metrics,
    clientRateLimit: config.rateLimit ? clientRateLimit(config.rateLimit, metrics, redis) : undefined,
    authFailures: config.authFailureLimit ? new AuthFailureLimit(config.authFailureLimit, metrics, redis) : undefined,
    bodyLimitBytes: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    cacheStatusHeader: config.cache.statusHeader,
    readiness,
    isDraining: () => draining,
    tracing: options.tracing ?? ownTracing,
    openApi: () => buildOpenApi(options.adapters, version),
    connectionAdmin: connectionAdmin.admin,
  });
  const metricsListener = metricsApp(metrics);
  let server: Server | undefined;
  let metricsServer: Server | undefined;

  return {
    app,
    config,
    connections,
    registry,
    credentialHealth: connectionAdmin.health,
    logger,
    metrics,
    metricsApp: metricsListener,
    metricsPort: () => (metricsServer?.address() as AddressInfo | null | undefined)?.port,
    ready: () => (redis ? redisReady(redis.client) : Promise.resolve()),
    async listen(port = config.server.port) {
      if (redis) await redisReady(redis.client);
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
      await registry.close();
      await instances.stop();
      if (redis) await disconnectRedis(redis.client);
      // Last: spans of the requests that drained above are sent before the process goes.
      await ownTracing?.shutdown();
      // Lines are written in batches: none of the last requests' lines (nor the shutdown's own) may be left behind.
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
      ...expressObjects(app),
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

/** Under Sentinel, idempotency records count as kept once a replica holds them too (they survive a failover). */
function idempotencyStore(config: GatewayConfig, redis: GuardedRedis | undefined): KeyValueStore | undefined {
  const replicas = config.redis?.sentinel?.idempotencyReplicas ?? 0;
  if (!redis || !config.redis || replicas === 0) return undefined;
  return new RedisStore(redis, { replicas, timeoutMs: Math.max(5, Math.floor(config.redis.commandTimeoutMs / 2)) });
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
