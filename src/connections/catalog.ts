import { EventEmitter } from 'node:events';
import type { Logger } from '../logging/logger';
import type { ConnectionStore, StoredConnection, StoreSnapshot } from './store/types';

export { credentialsAssociatedData, credentialsFingerprint, sealCredentials, unsealCredentials } from './credentials';

/** How often the catalog asks the store for its version when nothing told it of a change. */
export const DEFAULT_POLL_INTERVAL_MS: Record<ConnectionStore['kind'], number> = { sqlite: 500, postgres: 5_000 };

export interface CatalogOptions {
  /** The version check, the safety net under NOTIFY (and SQLite's only news of other processes). */
  pollIntervalMs?: number;
  logger?: Logger;
}

interface CatalogEvents {
  /** One connection whose version moved: created (no previous), changed (both), deleted (no current). */
  changed: [previous: StoredConnection | undefined, current: StoredConnection | undefined];
}

/**
 * Every live stored connection, in memory: loaded at start, kept in step by the store's change
 * announcements and by a version check every `pollIntervalMs`. Reads are synchronous, so the
 * request path never waits for the store; when the store stops answering, the catalog keeps
 * serving what it has and catches up once it answers again.
 */
export class ConnectionCatalog extends EventEmitter<CatalogEvents> {
  private readonly byTenant = new Map<string, Map<string, StoredConnection>>();
  private readonly logger: Logger | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private heldVersion = 0;
  private passes: Promise<void> = Promise.resolve();
  private pendingRefresh: Promise<void> | undefined;
  private checking = false;
  private closed = false;
  private answering = true;

  private constructor(
    private readonly store: ConnectionStore,
    snapshot: StoreSnapshot,
    options: CatalogOptions,
  ) {
    super();
    this.logger = options.logger;
    this.replace(snapshot, false);
    this.unsubscribe = store.onChange(() => void this.refresh());
    this.timer = setInterval(() => void this.check(), options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS[store.kind]);
    this.timer.unref();
  }

  /** Loads every live connection; rejects (the gateway must not start) when the store cannot be read. */
  static async open(store: ConnectionStore, options: CatalogOptions = {}): Promise<ConnectionCatalog> {
    return new ConnectionCatalog(store, await store.loadAll(), options);
  }

  /** The store version everything held is current at. */
  get version(): number {
    return this.heldVersion;
  }

  get size(): number {
    let size = 0;
    for (const connections of this.byTenant.values()) size += connections.size;
    return size;
  }

  get(tenant: string, name: string): StoredConnection | undefined {
    return this.byTenant.get(tenant)?.get(name);
  }

  /** A tenant's connections, by name. */
  list(tenant: string): StoredConnection[] {
    return [...(this.byTenant.get(tenant)?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every tenant's connections. */
  all(): StoredConnection[] {
    return [...this.byTenant.values()].flatMap((connections) => [...connections.values()]);
  }

  /** False while the store does not answer (the catalog still serves what it holds). */
  isAvailable(): boolean {
    return this.store.isAvailable();
  }

  /**
   * Catches up with the store now; resolves once a pass that started after this call is done.
   * Calls made before that pass starts share it.
   */
  refresh(): Promise<void> {
    this.pendingRefresh ??= this.enqueue(async () => {
      this.pendingRefresh = undefined;
      await this.catchUp();
    });
    return this.pendingRefresh;
  }

  /** Stops following the store, once a pass under way is done (the store is the caller's to close). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.unsubscribe();
    await this.passes;
  }

  /** Passes over the store run one at a time, in order; none of them rejects. */
  private enqueue(pass: () => Promise<void>): Promise<void> {
    const run = this.passes.then(() => (this.closed ? undefined : pass()));
    this.passes = run;
    return run;
  }

  private async catchUp(): Promise<void> {
    try {
      this.apply(await this.store.changesSince(this.heldVersion));
      this.answered();
    } catch (error) {
      this.unanswered(error);
    }
  }

  /** The version check: news of a change nobody announced, or of a store whose history went back (restored from a backup). */
  private async check(): Promise<void> {
    if (this.checking || this.closed) return;
    this.checking = true;
    // Held versions only ever come from the store, so a store version below one held before asking has gone back.
    const held = this.heldVersion;
    try {
      const version = await this.store.currentVersion();
      this.answered();
      if (version > held) await this.refresh();
      else if (version < held) await this.enqueue(() => this.reload());
    } catch (error) {
      this.unanswered(error);
    } finally {
      this.checking = false;
    }
  }

  private async reload(): Promise<void> {
    this.logger?.warn('the connection store went back in version (restored from a backup?); reloading every connection', { held: this.heldVersion });
    try {
      this.replace(await this.store.loadAll(), true);
      this.answered();
    } catch (error) {
      this.unanswered(error);
    }
  }

  private apply(changes: StoreSnapshot): void {
    for (const record of changes.connections) {
      const previous = this.get(record.tenant, record.name);
      if (previous && previous.version >= record.version) continue;
      if (record.deleted) {
        if (!previous) continue;
        this.remove(record);
        this.announce(previous, undefined);
      } else {
        this.put(record);
        this.announce(previous, record);
      }
    }
    this.heldVersion = Math.max(this.heldVersion, changes.version);
  }

  /** Holds exactly the snapshot; with `announce`, says what differs from what was held. */
  private replace(snapshot: StoreSnapshot, announce: boolean): void {
    const before = this.all();
    this.byTenant.clear();
    for (const record of snapshot.connections) this.put(record);
    this.heldVersion = snapshot.version;
    if (!announce) return;
    for (const previous of before) {
      const current = this.get(previous.tenant, previous.name);
      if (!current) this.announce(previous, undefined);
      else if (current.version !== previous.version) this.announce(previous, current);
    }
    const held = new Set(before.map((record) => `${record.tenant}\n${record.name}`));
    for (const current of snapshot.connections) if (!held.has(`${current.tenant}\n${current.name}`)) this.announce(undefined, current);
  }

  /** Records are shared with every reader, so they (and their options, timeouts and last error) are frozen: a reader that wants another version makes a copy. */
  private put(record: StoredConnection): void {
    let connections = this.byTenant.get(record.tenant);
    if (!connections) {
      connections = new Map();
      this.byTenant.set(record.tenant, connections);
    }
    for (const inner of [record.options, record.timeouts, record.lastError]) if (inner) Object.freeze(inner);
    connections.set(record.name, Object.freeze(record));
  }

  private remove(record: StoredConnection): void {
    const connections = this.byTenant.get(record.tenant);
    connections?.delete(record.name);
    if (connections?.size === 0) this.byTenant.delete(record.tenant);
  }

  private announce(previous: StoredConnection | undefined, current: StoredConnection | undefined): void {
    try {
      this.emit('changed', previous, current);
    } catch (error) {
      const which = current ?? previous;
      this.logger?.error('a listener of connection changes failed', { tenant: which?.tenant, connection: which?.name, error: (error as Error).message });
    }
  }

  private answered(): void {
    if (this.answering) return;
    this.answering = true;
    this.logger?.info('the connection store answers again; the catalog is catching up');
  }

  private unanswered(error: unknown): void {
    if (!this.answering) return;
    this.answering = false;
    this.logger?.warn('the connection store does not answer; serving the connections already loaded', { error: (error as Error).message });
  }
}
