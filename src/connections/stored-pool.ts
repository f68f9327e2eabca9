import type { Logger } from '../logging/logger';
import { closeConnection, type Connection, type ConnectionUsage } from './registry';
import type { StoredConnection } from './store/types';

export interface StoredPoolOptions {
  /** Opened stored connections kept at most; past it, the least recently used is closed (once its calls are done). */
  maxOpen: number;
  /** An opened connection unused this long is closed. */
  idleCloseMs: number;
  logger: Logger;
}

/** One opened stored connection and what its lifetime depends on. */
class Held {
  connection!: Connection;
  lastUsed = Date.now();
  inFlight = 0;
  retired = false;

  constructor(
    readonly id: string,
    readonly revision: number,
    private readonly onDrained: (held: Held) => void,
  ) {}

  readonly usage: ConnectionUsage = {
    begin: () => {
      this.inFlight += 1;
      this.lastUsed = Date.now();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        this.inFlight -= 1;
        if (this.retired && this.inFlight === 0) this.onDrained(this);
      };
    },
  };
}

/**
 * Stored connections opened on first use and kept in a bounded LRU (DESIGN §8: 10,000 stored
 * connections start as fast as none, and memory follows the ones in use). A connection is
 * retired when its settings change, it is deleted, evicted or idle: it leaves the pool at once
 * (the next request opens it anew), calls already in flight finish on it, and then it is closed
 * (its provider's resources; the upstream sockets are shared, see TenantRegistry).
 */
export class StoredConnectionPool {
  /** In least-recently-used order: a use moves a connection to the end. */
  private readonly held = new Map<string, Held>();
  private readonly timer: NodeJS.Timeout;
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly options: StoredPoolOptions) {
    this.timer = setInterval(() => this.closeIdle(), Math.max(50, Math.min(options.idleCloseMs / 2, 30_000)));
    this.timer.unref();
  }

  get size(): number {
    return this.held.size;
  }

  /** The opened connection for this record (its revision), opening it with `open` when the pool has no current one. */
  acquire(record: StoredConnection, open: (usage: ConnectionUsage) => Connection): Connection {
    const key = poolKey(record.tenant, record.name);
    const current = this.held.get(key);
    if (current?.id === record.id && current.revision === record.revision) {
      this.held.delete(key);
      this.held.set(key, current);
      current.lastUsed = Date.now();
      return current.connection;
    }
    if (current) this.retire(record.tenant, record.name);
    const held = new Held(record.id, record.revision, (drained) => this.close(drained));
    held.connection = open(held.usage);
    this.held.set(key, held);
    this.evictOverLimit();
    return held.connection;
  }

  /** Takes a connection out of use: the next request opens it anew; it closes once its calls are done. */
  retire(tenant: string, name: string): void {
    const key = poolKey(tenant, name);
    const held = this.held.get(key);
    if (!held) return;
    this.held.delete(key);
    held.retired = true;
    if (held.inFlight === 0) this.close(held);
  }

  /** Retires every connection and resolves once those without calls in flight are closed. */
  async closeAll(): Promise<void> {
    clearInterval(this.timer);
    for (const held of [...this.held.values()]) this.retire(held.connection.tenant, held.connection.name);
    await Promise.all(this.closing);
  }

  private evictOverLimit(): void {
    for (const held of this.held.values()) {
      if (this.held.size <= this.options.maxOpen) return;
      this.retire(held.connection.tenant, held.connection.name);
    }
  }

  private closeIdle(): void {
    const idleSince = Date.now() - this.options.idleCloseMs;
    for (const held of [...this.held.values()]) {
      if (held.inFlight === 0 && held.lastUsed < idleSince) this.retire(held.connection.tenant, held.connection.name);
    }
  }

  /** Closes it once its calls are done; a late call (one that took the connection just before it was retired) still completes. */
  private close(held: Held): void {
    const closing = closeConnection(held.connection).catch((error: unknown) => {
      this.options.logger.warn('closing a retired stored connection failed', {
        tenant: held.connection.tenant,
        connection: held.connection.name,
        error: (error as Error).message,
      });
    });
    this.closing.add(closing);
    void closing.finally(() => this.closing.delete(closing));
  }
}

function poolKey(tenant: string, name: string): string {
  return `${tenant}\n${name}`;
}
