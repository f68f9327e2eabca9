import { canReach, type Principal } from '../auth/principal';
import type { ConnectionConfig, GatewayConfig } from '../config/schema';
import { GatewayError } from '../errors';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../observability/metrics';
import { OutboundLimiter, pacedBelow, type Quota } from '../resilience/outbound-limit';
import type { KeyRing } from '../secrets/key-ring';
import type { LiveInstances } from '../storage/live-instances';
import type { GuardedRedis } from '../storage/redis-guard';
import type { KeyValueStore } from '../storage/store';
import { UpstreamClient } from '../upstream/client';
import type { AdapterDefinition, Capabilities, MappingContext, ProviderConnection } from './adapter';
import { connectionCapabilities } from './declarations';

/** A configured connection, opened: its adapter, its provider client and its settings. */
export interface Connection {
  readonly name: string;
  readonly adapter: AdapterDefinition;
  readonly provider: ProviderConnection;
  /** What it can do: checked at start against the adapter's declaration and the provider's methods. */
  readonly capabilities: Capabilities;
  readonly config: ConnectionConfig;
  readonly http: UpstreamClient;
}

export interface UserRef {
  connection: Connection;
  providerUserId: string;
}

const MAX_PROVIDER_ID_LENGTH = 128;
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

export class ConnectionRegistry {
  private readonly byName: Map<string, Connection>;

  constructor(connections: Connection[]) {
    this.byName = new Map(connections.map((connection) => [connection.name, connection]));
  }

  list(): Connection[] {
    return [...this.byName.values()];
  }

  get(name: string): Connection | undefined {
    return this.byName.get(name);
  }

  /**
   * The connections as this client sees them: one its token may not reach does not exist for it,
   * so every answer about it (a user id, a lookup, a create, an operation) is the one for a name
   * that is not configured, and a token limited to some connections cannot learn of the others.
   */
  visibleTo(principal: Principal): ConnectionRegistry {
    return principal.connections === null ? this : new ConnectionRegistry(this.list().filter((connection) => canReach(principal, connection.name)));
  }

  /**
   * Splits a global id (`<connection>:<providerUserId>`) and checks the provider id against its
   * adapter's pattern, so that a crafted id never reaches an upstream path.
   */
  resolveUserId(globalId: string): UserRef {
    const separator = globalId.indexOf(':');
    const connection = separator > 0 ? this.byName.get(globalId.slice(0, separator)) : undefined;
    if (!connection) {
      throw new GatewayError('invalid_user_id', 'A user id is "<connection>:<providerUserId>" with a configured connection name.');
    }
    const providerUserId = globalId.slice(separator + 1);
    if (!isSafeSegment(providerUserId) || providerUserId.length > MAX_PROVIDER_ID_LENGTH || !connection.adapter.idPattern.test(providerUserId)) {
      throw new GatewayError('invalid_user_id', `That is not a valid ${connection.adapter.name} user id.`, {
        connection: connection.name,
      });
    }
    return { connection, providerUserId };
  }

  async close(): Promise<void> {
    await Promise.all(this.list().map(async (connection) => connection.provider.close?.()));
  }
}

/** The windows a connection is paced on: its own `outboundLimit` (`false`: none), else 90% of each of its adapter's quotas. */
function outboundQuotas(limit: ConnectionConfig['outboundLimit'], adapter: AdapterDefinition): Quota[] {
  if (limit === undefined) return pacedBelow(adapter.quotas ?? []);
  if (limit === false) return [];
  return Array.isArray(limit) ? limit : [limit];
}

/** `.` and `..` would be resolved away by URL parsing even when encoded (`%2e%2e`): never a valid id. */
function isSafeSegment(value: string): boolean {
  return value !== '.' && value !== '..';
}

export interface OpenConnectionsOptions {
  adapters: readonly AdapterDefinition[];
  store: KeyValueStore;
  logger: Logger;
  metrics: Metrics;
  /** Keys the hashes that stand for provider values in logs. */
  keyRing: KeyRing;
  /** Shares outbound pacing between instances when present. */
  redis?: GuardedRedis;
  /** How many instances share the providers' quotas: each paces itself on its share while Redis is down. */
  instances?: LiveInstances;
}

export function openConnections(config: GatewayConfig, options: OpenConnectionsOptions): ConnectionRegistry {
  const adapters = new Map(options.adapters.map((adapter) => [adapter.name, adapter]));
  const connections = Object.entries(config.connections).map(([name, connectionConfig]): Connection => {
    const adapter = adapters.get(connectionConfig.adapter);
    if (!adapter) throw new Error(`connection ${name}: unknown adapter ${connectionConfig.adapter}`);
    const logger = options.logger.child({ connection: name });
    const quotas = outboundQuotas(connectionConfig.outboundLimit, adapter);
    const http = new UpstreamClient({
      connection: name,
      baseUrl: connectionConfig.baseUrl,
      attemptTimeoutMs: connectionConfig.timeouts.attemptMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      maxConcurrency: connectionConfig.maxConcurrency,
      maxQueue: connectionConfig.maxQueue,
      retries: connectionConfig.retries,
      breaker: connectionConfig.breaker,
      outboundLimiter: quotas.length > 0 ? new OutboundLimiter(name, quotas, options.redis, options.instances) : undefined,
      readRateLimit: adapter.readRateLimit,
      logger,
      metrics: options.metrics,
    });
    const provider = adapter.connect({
      name,
      baseUrl: connectionConfig.baseUrl,
      credentials: connectionConfig.credentials,
      options: connectionConfig.options,
      http,
      store: options.store,
      logger,
      mapping: mappingContext(logger, options.keyRing),
    });
    return { name, adapter, provider, capabilities: connectionCapabilities(adapter, name, provider), config: connectionConfig, http };
  });
  return new ConnectionRegistry(connections);
}

/**
 * Unknown values are logged once each, by field, kind and a short keyed hash: a provider's value
 * may be anything (a name and a date of birth typed into a time zone field), so it is never
 * written down, while the same value still reads the same in every line (and instance) that has it.
 */
function mappingContext(logger: Logger, keyRing: KeyRing): MappingContext {
  const reported = new Set<string>();
  return {
    reportUnknown(field, value) {
      const hash = keyRing.keyedHash('log-value', `${typeof value}:${String(value)}`).slice(0, 12);
      const key = `${field}=${hash}`;
      if (reported.has(key) || reported.size > 1000) return;
      reported.add(key);
      logger.warn('unknown provider value mapped to null', { field, kind: kindOf(value), hash });
    },
  };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
