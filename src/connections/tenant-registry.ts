import { DEFAULT_TENANT } from '../auth/tenant';
import type { Logger } from '../logging/logger';
import type { KeyRing } from '../secrets/key-ring';
import { destroyAgents, keepAliveAgents, type UpstreamAgents } from '../upstream/agents';
import type { AdapterDefinition } from './adapter';
import type { ConnectionCatalog } from './catalog';
import { withCredentialHealth, type CredentialHealth } from './health';
import {
  closeConnection,
  ConnectionRegistry,
  openConnection,
  type Connection,
  type ConnectionDependencies,
  type ConnectionEntry,
  type ConnectionUsage,
} from './registry';
import { StoredConnectionPool } from './stored-pool';
import { storedConnectionConfig, UnusableConnectionError } from './stored-settings';
import type { StoredConnection } from './store/types';

export interface TenantRegistryOptions {
  adapters: readonly AdapterDefinition[];
  /** The config file's connections, opened: the `default` tenant's. */
  declared: readonly Connection[];
  /** Tenants' stored connections: the catalog of them and the keys to their credentials. */
  stored?: { catalog: ConnectionCatalog; keyRing: KeyRing };
  dependencies: ConnectionDependencies;
  logger: Logger;
  /** Opened stored connections kept at most (least recently used closed first). */
  maxOpen?: number;
  /** An opened stored connection unused this long is closed. */
  idleCloseMs?: number;
  /** Where stored connections report the provider refusing their credentials. */
  health?: CredentialHealth;
}

const DEFAULT_MAX_OPEN = 2_000;
const DEFAULT_IDLE_CLOSE_MS = 10 * 60_000;
/** A pooled upstream socket of stored connections unused this long is closed (sooner when the provider announces a shorter keep-alive). */
const SOCKET_IDLE_CLOSE_MS = 60_000;
const REPORTED_AT_MOST = 1_000;
const EMPTY = new ConnectionRegistry([]);

/**
 * Every tenant's connections (DESIGN §8): the declared ones in `default`, and each tenant's stored
 * ones from the catalog, opened on first use. A request acts in one tenant, through
 * `forTenant(tenant)`: another tenant's connection is, to it, a name that does not exist.
 */
export class TenantRegistry {
  /** The declared connections (the `default` tenant's from the config file). */
  readonly declared: ConnectionRegistry;
  private readonly adapters: Map<string, AdapterDefinition>;
  private readonly pool: StoredConnectionPool;
  /**
   * Stored connections' keep-alive sockets, pooled per provider host for all of them: a socket
   * each would hold a thousand idle sockets for a thousand connections in use. Each connection's
   * own bulkhead still caps its calls in flight.
   */
  private readonly agents: UpstreamAgents = keepAliveAgents({ idleCloseMs: SOCKET_IDLE_CLOSE_MS });
  /** Each tenant's connections, as last built from the catalog; dropped when one of them changes. */
  private readonly views = new Map<string, ConnectionRegistry>();
  private readonly reported = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: TenantRegistryOptions) {
    this.declared = ConnectionRegistry.of(options.declared);
    this.adapters = new Map(options.adapters.map((adapter) => [adapter.name, adapter]));
    this.pool = new StoredConnectionPool({
      maxOpen: options.maxOpen ?? DEFAULT_MAX_OPEN,
      idleCloseMs: options.idleCloseMs ?? DEFAULT_IDLE_CLOSE_MS,
      logger: options.logger,
    });
    const catalog = options.stored?.catalog;
    const onChange = (previous: StoredConnection | undefined, current: StoredConnection | undefined) => this.changed(previous, current);
    catalog?.on('changed', onChange);
    this.unsubscribe = () => catalog?.off('changed', onChange);
  }

  /** The connections a request in `tenant` can name. */
  forTenant(tenant: string): ConnectionRegistry {
    const held = this.views.get(tenant);
    if (held) return held;
    const { stored } = this.options;
    const records = stored?.catalog.list(tenant) ?? [];
    // A tenant without stored connections is not remembered: any tenant id a token may pick would otherwise grow the map.
    if (!stored || records.length === 0) return tenant === DEFAULT_TENANT ? this.declared : EMPTY;
    const declared = tenant === DEFAULT_TENANT ? this.declared.entries() : [];
    const taken = new Set(declared.map((entry) => entry.name));
    const view = new ConnectionRegistry([...declared, ...records.flatMap((record) => this.storedEntry(record, taken, stored.keyRing))]);
    this.views.set(tenant, view);
    return view;
  }

  /** Stored connections opened now (bounded by `maxOpen`). */
  get openStored(): number {
    return this.pool.size;
  }

  /** Stops following the catalog, then closes every connection (the caller drains requests first). */
  async close(): Promise<void> {
    this.unsubscribe();
    await this.pool.closeAll();
    destroyAgents(this.agents);
    await Promise.all(this.options.declared.map(closeConnection));
  }

  private storedEntry(record: StoredConnection, declaredNames: ReadonlySet<string>, keyRing: KeyRing): ConnectionEntry[] {
    const adapter = this.adapters.get(record.adapter);
    if (declaredNames.has(record.name) || !adapter) {
      this.reportOnce(
        record,
        declaredNames.has(record.name) ? 'a declared connection has its name: it is ignored' : 'its adapter is not in this build: it is ignored',
      );
      return [];
    }
    return [{ name: record.name, adapter, source: 'stored', inFanOut: record.enabled, open: () => this.open(record, adapter, keyRing) }];
  }

  private open(record: StoredConnection, adapter: AdapterDefinition, keyRing: KeyRing): Connection {
    if (!record.enabled) throw new UnusableConnectionError('disabled', record.name);
    return this.pool.acquire(record, (usage: ConnectionUsage) => {
      try {
        const config = storedConnectionConfig(record, adapter, keyRing);
        const connection = openConnection(
          record.name,
          adapter,
          config,
          { ...this.options.dependencies, sharedAgents: this.agents },
          { tenant: record.tenant, source: 'stored', stateKey: `t/${record.tenant}/${record.name}/${record.id}` },
          usage,
        );
        return this.options.health ? withCredentialHealth(connection, this.options.health) : connection;
      } catch (error) {
        const reason = error instanceof UnusableConnectionError ? error.reason : 'invalid';
        this.reportOnce(record, reason === 'unreadable' ? 'no configured key opens its credentials' : 'its settings are not valid for its adapter', error);
        throw error instanceof UnusableConnectionError ? error : new UnusableConnectionError('invalid', record.name);
      }
    });
  }

  /** A connection changed in the store: its tenant's view is rebuilt, and a new revision (or a delete) retires the opened one. */
  private changed(previous: StoredConnection | undefined, current: StoredConnection | undefined): void {
    const which = current ?? previous;
    if (!which) return;
    this.views.delete(which.tenant);
    if (previous?.id !== current?.id || previous?.revision !== current?.revision) this.pool.retire(which.tenant, which.name);
  }

  /** Says once per revision why a stored connection cannot be used, naming it and never its values. */
  private reportOnce(record: StoredConnection, why: string, error?: unknown): void {
    const key = `${record.tenant}\n${record.name}\n${record.revision}\n${why}`;
    if (this.reported.has(key)) return;
    if (this.reported.size >= REPORTED_AT_MOST) this.reported.clear();
    this.reported.add(key);
    const detail = error instanceof UnusableConnectionError || error === undefined ? undefined : (error as Error).name;
    this.options.logger.warn(`stored connection not usable: ${why}`, {
      tenant: record.tenant,
      connection: record.name,
      revision: record.revision,
      error: detail,
    });
  }
}
