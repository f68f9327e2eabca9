import type { Cluster, Redis } from 'ioredis';
import type { Logger } from '../logging/logger';

/** One Redis, a Redis Cluster, or a Sentinel-managed primary (exactly one of url, cluster, sentinel). */
export interface RedisConfig {
  url?: string;
  cluster?: { nodes: string[] };
  /**
   * `idempotencyReplicas`: replicas that must hold an idempotency record before it counts as kept
   * (`WAIT`): a write that only the demoted master took during a failover is then refused, not lost.
   */
  sentinel?: { sentinels: string[]; name: string; password?: string; sentinelPassword?: string; idempotencyReplicas: number };
  keyPrefix: string;
  /** A slow Redis costs at most this per command (the cache and rate limits then fail open). */
  commandTimeoutMs: number;
  /** How many gateway instances share the providers' quotas while Redis is down; by default the count last seen through Redis. */
  instances?: number;
  /** Whether readiness fails while Redis is unusable; by default it reports `redis: degraded` and stays ready (Redis is fail-open). */
  requiredForReadiness: boolean;
}

export type RedisClient = Redis | Cluster;

/** ioredis's answer to a `reconnectOnError`: reconnect (to the master sentinel names now) and send the command again. */
const RECONNECT_AND_RESEND = 2;

export function connectRedis(config: RedisConfig, logger: Logger): RedisClient {
  const client = newClient(config);
  client.on('error', (error: Error) => logger.warn('redis error', { error: error.message }));
  // A Cluster reports a failing node here, not as `error`.
  client.on('node error', (error: Error, node: string) => logger.warn('redis node error', { node, error: error.message }));
  return client;
}

function newClient(config: RedisConfig): RedisClient {
  // NOTE: loaded here, not on import: ioredis alone holds ~9 MB of a gateway that runs without Redis.
  const { Cluster, Redis } = require('ioredis') as typeof import('ioredis');
  const options = {
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: config.commandTimeoutMs,
    // NOTE: fail fast while disconnected instead of queueing; callers that can, fail open.
    enableOfflineQueue: false,
  };
  if (config.cluster) return new Cluster(config.cluster.nodes.map(hostAndPort), { redisOptions: options, enableOfflineQueue: false });
  if (config.sentinel) {
    return new Redis({
      ...options,
      // NOTE: without these, a client keeps writing to the demoted master until sentinel reconfigures
      // it (up to ~10 s), and the new master's resync then throws those writes away.
      failoverDetector: true,
      reconnectOnError: (error: Error) => (error.message.startsWith('READONLY') ? RECONNECT_AND_RESEND : false),
      sentinels: config.sentinel.sentinels.map(hostAndPort),
      name: config.sentinel.name,
      password: config.sentinel.password,
      sentinelPassword: config.sentinel.sentinelPassword,
    });
  }
  if (config.url) return new Redis(config.url, options);
  throw new Error('redis needs one of url, cluster or sentinel');
}

/** Waits for the first connection; a Redis that is down does not stop the gateway (it fails open). */
export function redisReady(client: RedisClient, waitMs = 3_000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    client.once('ready', done);
  });
}

export async function disconnectRedis(client: RedisClient): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => undefined);
  // NOTE: after a quit as well: only disconnect closes the sentinel connections that watch for a failover.
  client.disconnect();
}

function hostAndPort(address: string): { host: string; port: number } {
  const url = new URL(address.includes('://') ? address : `redis://${address}`);
  return { host: url.hostname, port: Number(url.port || 6379) };
}
