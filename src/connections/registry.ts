import { canReach, type Principal } from '../auth/principal';
import { DEFAULT_TENANT } from '../auth/tenant';
import type { ConnectionConfig, GatewayConfig } from '../config/schema';
import { GatewayError } from '../errors';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../observability/metrics';
import { OutboundLimiter, pacedBelow, type Quota } from '../resilience/outbound-limit';
import type { KeyRing } from '../secrets/key-ring';
import type { LiveInstances } from '../storage/live-instances';
import type { GuardedRedis } from '../storage/redis-guard';
import type { KeyValueStore } from '../storage/store';
import type { UpstreamAgents } from '../upstream/agents';
import { UpstreamClient } from '../upstream/client';
import type { AdapterDefinition, Capabilities, MappingContext, ProviderConnection } from './adapter';
import { connectionCapabilities } from './declarations';
import { ScopedStore } from './scoped-store';

/** Where a connection comes from: the config file (the `default` tenant's) or a tenant's store. */
export type ConnectionSource = 'declared' | 'stored';

/** Which tenant a connection belongs to, and the key that keeps its shared state (cache, tokens, pacing) apart from every other connection's. */
export interface ConnectionIdentity {
  tenant: string;
  source: ConnectionSource;
  /**
   * A declared connection's name (the keys it always had); `t/<tenant>/<name>/<id>` for a stored one,
   * so that two tenants' connections of one name, or a connection deleted and made again under its
   * name, never share a cached user, a coalesced call, a pacing budget or a stored token.
   */
  stateKey: string;
}

/** Counts the calls in flight on a connection, so that one replaced at run time is closed only once they are done. */
export interface ConnectionUsage {
  /** Marks a call begun; the returned function marks it done. */
  begin(): () => void;
}

/** A connection, opened: its adapter, its provider client and its settings. */
export interface Connection extends ConnectionIdentity {
  readonly name: string;
  readonly adapter: AdapterDefinition;
  readonly provider: ProviderConnection;
  /** What it can do: checked at start against the adapter's declaration and the provider's methods. */
  readonly capabilities: Capabilities;
  readonly config: ConnectionConfig;
  readonly http: UpstreamClient;
  readonly usage?: ConnectionUsage;
  /** Told when the provider refuses the connection's own credentials (a stored connection's health: see health.ts). */
  readonly credentialsRefused?: (status: number) => void;
}

export interface UserRef {
  connection: Connection;
  providerUserId: string;
}

/**
 * A connection a tenant has, whether or not it is opened yet: enough to check a user id against
 * its adapter or to describe it, without opening it.
 */
export interface ConnectionEntry {
  readonly name: string;
  readonly adapter: AdapterDefinition;
  readonly source: ConnectionSource;
  /** False for a disabled connection: a fan-out leaves it out unless the client names it. */
  readonly inFanOut: boolean;
  /** The opened connection; throws `provider_unavailable` (503) when it cannot be used (disabled, or its credentials cannot be opened). */
  open(): Connection;
}

const MAX_PROVIDER_ID_LENGTH = 128;
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

/** The connections of one tenant (or the declared ones), by name. */
export class ConnectionRegistry {
  private readonly byName: Map<string, ConnectionEntry>;

  constructor(entries: readonly ConnectionEntry[]) {
    this.byName = new Map(entries.map((entry) => [entry.name, entry]));
  }

  /** Declared connections, opened already. */
  static of(connections: readonly Connection[]): ConnectionRegistry {
    return new ConnectionRegistry(connections.map(openedEntry));
  }

  entries(): ConnectionEntry[] {
    return [...this.byName.values()];
  }

  entry(name: string): ConnectionEntry | undefined {
    return this.byName.get(name);
  }

  /** Every connection a fan-out reaches, opened; one that cannot be used is left out. */
  list(): Connection[] {
    return this.entries().flatMap((entry) => {
      if (!entry.inFanOut) return [];
      try {
        return [entry.open()];
      } catch {
        return [];
      }
    });
  }

  /** The connection, opened; undefined when there is none by that name, `provider_unavailable` when it cannot be used. */
  get(name: string): Connection | undefined {
    return this.byName.get(name)?.open();
  }

  /**
   * The connections as this client sees them: one its token may not reach does not exist for it,
   * so every answer about it (a user id, a lookup, a create, an operation) is the one for a name
   * that is not configured, and a token limited to some connections cannot learn of the others.
   */
  visibleTo(principal: Principal): ConnectionRegistry {
    return principal.connections === null ? this : new ConnectionRegistry(this.entries().filter((entry) => canReach(principal, entry.name)));
  }

  /**
   * Splits a global id (`<connection>:<providerUserId>`) and checks the provider id against its
   * adapter's pattern, so that a crafted id never reaches an upstream path. Opens nothing.
   */
  parseUserId(globalId: string): { entry: ConnectionEntry; providerUserId: string } {
    const separator = globalId.indexOf(':');
    const entry = separator > 0 ? this.byName.get(globalId.slice(0, separator)) : undefined;
    if (!entry) {
      throw new GatewayError('invalid_user_id', 'A user id is "<connection>:<providerUserId>" with a configured connection name.');
    }
    const providerUserId = globalId.slice(separator + 1);
    if (!isSafeSegment(providerUserId) || providerUserId.length > MAX_PROVIDER_ID_LENGTH || !entry.adapter.idPattern.test(providerUserId)) {
      throw new GatewayError('invalid_user_id', `That is not a valid ${entry.adapter.name} user id.`, {
        connection: entry.name,
      });
    }
    return { entry, providerUserId };
  }

  /** A global id resolved to its opened connection (see parseUserId). */
  resolveUserId(globalId: string): UserRef {
    const { entry, providerUserId } = this.parseUserId(globalId);
    return { connection: entry.open(), providerUserId };
  }
}

function openedEntry(connection: Connection): ConnectionEntry {
  return { name: connection.name, adapter: connection.adapter, source: connection.source, inFanOut: true, open: () => connection };
}

/** Closes a connection's provider and its upstream sockets. */
export async function closeConnection(connection: Connection): Promise<void> {
  try {
    await connection.provider.close?.();
  } finally {
    connection.http.close();
  }
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
  /** Keep-alive pools shared by the connections opened with them (stored ones'); each has its own otherwise. */
  sharedAgents?: UpstreamAgents;
}

/** Opens the declared connections (the config file's), which live in the `default` tenant. */
export function openConnections(config: GatewayConfig, options: OpenConnectionsOptions): Connection[] {
  const adapters = new Map(options.adapters.map((adapter) => [adapter.name, adapter]));
  return Object.entries(config.connections).map(([name, connectionConfig]): Connection => {
    const adapter = adapters.get(connectionConfig.adapter);
    if (!adapter) throw new Error(`connection ${name}: unknown adapter ${connectionConfig.adapter}`);
    return openConnection(name, adapter, connectionConfig, options);
  });
}

/** What opening one connection needs besides its settings. */
export type ConnectionDependencies = Omit<OpenConnectionsOptions, 'adapters'>;

/** A declared connection's identity: the `default` tenant's, keyed by its name as it always was. */
export function declaredIdentity(name: string): ConnectionIdentity {
  return { tenant: DEFAULT_TENANT, source: 'declared', stateKey: name };
}

/**
 * Opens one connection: its provider client (pacing, retries, breaker) and the adapter's connection
 * over it. A stored connection's shared state (the adapter's store, the pacing budget) is kept
 * under its state key, and its metrics are labelled by its adapter, so that label sets do not grow
 * with the number of stored connections.
 */
export function openConnection(
  name: string,
  adapter: AdapterDefinition,
  connectionConfig: ConnectionConfig,
  options: ConnectionDependencies,
  identity: ConnectionIdentity = declaredIdentity(name),
  usage?: ConnectionUsage,
): Connection {
  const stored = identity.source === 'stored';
  const logger = options.logger.child(stored ? { tenant: identity.tenant, connection: name } : { connection: name });
  const quotas = outboundQuotas(connectionConfig.outboundLimit, adapter);
  const http = new UpstreamClient({
    connection: name,
    adapter: adapter.name,
    ...(stored && { metricsLabel: storedMetricsLabel(adapter) }),
    baseUrl: connectionConfig.baseUrl,
    attemptTimeoutMs: connectionConfig.timeouts.attemptMs,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    maxConcurrency: connectionConfig.maxConcurrency,
    maxQueue: connectionConfig.maxQueue,
    retries: connectionConfig.retries,
    breaker: connectionConfig.breaker,
    outboundLimiter: quotas.length > 0 ? new OutboundLimiter(identity.stateKey, quotas, options.redis, options.instances) : undefined,
    readRateLimit: adapter.readRateLimit,
    requestIdHeaders: adapter.requestIdHeaders,
    propagateTraceContext: connectionConfig.propagateTraceContext,
    sharedAgents: options.sharedAgents,
    logger,
    metrics: options.metrics,
  });
  const provider = adapter.connect({
    name,
    baseUrl: connectionConfig.baseUrl,
    credentials: connectionConfig.credentials,
    options: connectionConfig.options,
    http,
    store: stored ? new ScopedStore(options.store, `${identity.stateKey}:`) : options.store,
    logger,
    mapping: mappingContext(logger, options.keyRing),
  });
  return { name, ...identity, adapter, provider, capabilities: connectionCapabilities(adapter, name, provider), config: connectionConfig, http, usage };
}

/** The windows a connection is paced on: its own `outboundLimit` (`false`: none), else 90% of each of its adapter's quotas. */
function outboundQuotas(limit: ConnectionConfig['outboundLimit'], adapter: AdapterDefinition): Quota[] {
  if (limit === undefined) return pacedBelow(adapter.quotas ?? []);
  if (limit === false) return [];
  return Array.isArray(limit) ? limit : [limit];
}

/** The `connection` label of a stored connection's metrics: every stored connection of an adapter shares one (DESIGN §8: label sets never grow with connections). */
export function storedMetricsLabel(adapter: AdapterDefinition): string {
  return `stored:${adapter.name}`;
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
