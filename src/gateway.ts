import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { TokenVerifier } from './auth/jwt';
import type { GatewayConfig } from './config/schema';
import type { AdapterDefinition } from './connections/adapter';
import { openConnections, type ConnectionRegistry } from './connections/registry';
import { createApp } from './http/app';
import { createLogger, type Logger } from './logging/logger';
import { MemoryStore, RedisStore, type KeyValueStore } from './storage/store';
import { IdempotencyKeys } from './users/idempotency';
import { UserService } from './users/service';

export interface GatewayOptions {
  adapters: readonly AdapterDefinition[];
  logger?: Logger;
}

export interface Gateway {
  readonly app: Express;
  readonly config: GatewayConfig;
  readonly connections: ConnectionRegistry;
  readonly logger: Logger;
  /** Listens on `config.server` (or the given port); resolves with the bound port. */
  listen(port?: number): Promise<number>;
  /** Stops taking requests, lets in-flight ones finish, then closes connections and Redis. */
  close(): Promise<void>;
}

/** The composition root: config in, a ready (not yet listening) gateway out. */
export function createGateway(config: GatewayConfig, options: GatewayOptions): Gateway {
  const logger = options.logger ?? createLogger({ level: config.logging.level });
  const redis = config.redis ? connectRedis(config.redis.url, logger) : undefined;
  const store: KeyValueStore = redis ? new RedisStore(redis, config.redis!.keyPrefix) : new MemoryStore();
  const connections = openConnections(config, { adapters: options.adapters, store, logger });
  const longestDeadline = Math.max(...Object.values(config.connections).map((connection) => connection.timeouts.totalMs));
  const idempotency = new IdempotencyKeys(store, longestDeadline + 60_000);
  const users = new UserService(connections, idempotency);
  let draining = false;
  const app = createApp({
    users,
    connections,
    idempotency,
    verifier: new TokenVerifier(config.auth.jwt),
    logger,
    bodyLimitBytes: config.server.bodyLimitBytes,
    isReady: () => !draining,
  });
  let server: Server | undefined;

  return {
    app,
    config,
    connections,
    logger,
    listen(port = config.server.port) {
      return new Promise((resolve, reject) => {
        server = app.listen(port, config.server.host, (error?: Error) => {
          if (error) reject(error);
          else resolve((server!.address() as AddressInfo).port);
        });
      });
    },
    async close() {
      draining = true;
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeIdleConnections();
        await closing;
      }
      await connections.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 1_000 });
  redis.on('error', (error: Error) => logger.warn('redis error', { error: error.message }));
  return redis;
}
