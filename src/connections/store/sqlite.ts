import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { Logger } from '../../logging/logger';
import { pendingMigrations, SQLITE_MIGRATIONS } from './migrations';
import { booleanColumn, parseJsonColumn, type ConnectionRow } from './rows';
import { SqlConnectionStore, type SqlSession, type SqlValue, type WriteOutcome } from './sql-store';
import { StoreUnavailableError } from './types';

export interface SqliteStoreOptions {
  /** The database file; its directory is created when missing. */
  path: string;
  /** How long a write waits for another process's write to finish (node:sqlite blocks while it waits). */
  busyTimeoutMs?: number;
  logger?: Logger;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * One operation at a time per database file in this process: a transaction must never see another's
 * statements on its connection, and node:sqlite waits for a lock synchronously, so a second store on
 * the same file here would block the very event loop the first needs to finish its transaction.
 */
const queues = new Map<string, Promise<unknown>>();

/**
 * The embedded store: one SQLite file through Node's built-in `node:sqlite`, in WAL mode, so that
 * readers (the catalog's version check) never wait for a writer (`usergate secrets rotate` in
 * another process). SQLite has no push between processes; writes made here are announced to this
 * store's own listeners at once, and other processes' by the catalog's version check.
 */
export class SqliteConnectionStore extends SqlConnectionStore {
  readonly kind = 'sqlite';
  readonly path: string;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private available = true;

  private constructor(path: string, db: DatabaseSync, logger: Logger | undefined) {
    super(logger);
    this.path = path;
    this.db = db;
  }

  /** Opens (creating when missing) and migrates the database; throws StoreUnavailableError saying why it cannot. */
  static open(options: SqliteStoreOptions): SqliteConnectionStore {
    const path = resolve(options.path);
    let db: DatabaseSync | undefined;
    try {
      mkdirSync(dirname(path), { recursive: true });
      db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
      db.exec('PRAGMA journal_mode = WAL');
      // Every commit is on disk before it is acknowledged, power cut included: writes are few (admin changes), losing one is not an option.
      db.exec('PRAGMA synchronous = FULL');
      migrate(db, path);
      return new SqliteConnectionStore(path, db, options.logger);
    } catch (error) {
      db?.close();
      throw new StoreUnavailableError(`cannot open the SQLite connection store at ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  isAvailable(): boolean {
    return this.available;
  }

  close(): Promise<void> {
    return this.exclusive(() => {
      if (this.db.isOpen) this.db.close();
      return Promise.resolve();
    });
  }

  protected read<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      try {
        // One read transaction: every statement of `work` sees the same state, whatever other processes commit meanwhile.
        this.db.exec('BEGIN');
        try {
          return await work(this.session);
        } finally {
          this.db.exec('COMMIT');
        }
      } catch (error) {
        throw this.failed(error, 'to read');
      }
    });
  }

  protected async transact<T>(work: (session: SqlSession, version: number) => Promise<WriteOutcome<T>>): Promise<T> {
    const { commit, result } = await this.exclusive(async () => {
      try {
        this.db.exec('BEGIN IMMEDIATE');
        try {
          const outcome = await work(this.session, await SqlConnectionStore.nextVersion(this.session));
          this.db.exec(outcome.commit ? 'COMMIT' : 'ROLLBACK');
          return outcome;
        } catch (error) {
          if (this.db.isTransaction) this.db.exec('ROLLBACK');
          throw error;
        }
      } catch (error) {
        throw this.failed(error, 'to write');
      }
    });
    if (commit) setImmediate(() => this.changed());
    return result;
  }

  /** In place: each row is a fresh object of the driver's (copying it, as a spread does, costs more than the rest of reading it). */
  protected decodeRow(raw: Record<string, unknown>): ConnectionRow {
    const row = raw as ConnectionRow;
    row.options = parseJsonColumn(row.options);
    row.timeouts = parseJsonColumn(row.timeouts);
    row.last_error = parseJsonColumn(row.last_error);
    row.enabled = booleanColumn(row.enabled);
    row.deleted = booleanColumn(row.deleted);
    return row;
  }

  private readonly session: SqlSession = {
    query: (sql: string, params: readonly SqlValue[] = []) => Promise.resolve(this.statement(sql).all(...(params as SQLInputValue[]))),
  };

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      // `$1` in the shared SQL is SQLite's `?1`: the same numbered, bound parameter.
      statement = this.db.prepare(sql.replace(/\$(\d+)/g, '?$1'));
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = (queues.get(this.path) ?? Promise.resolve()).then(operation);
    const settled = run.catch(() => undefined);
    queues.set(this.path, settled);
    void settled.then(() => {
      if (queues.get(this.path) === settled) queues.delete(this.path);
    });
    return run.then((value) => {
      this.available = true;
      return value;
    });
  }

  private failed(error: unknown, doing: string): Error {
    const failure = this.unavailable(error, doing);
    if (failure instanceof StoreUnavailableError) this.available = false;
    return failure;
  }
}

function migrate(db: DatabaseSync, path: string): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS usergate_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
    const applied = db
      .prepare('SELECT version FROM usergate_migrations')
      .all()
      .map((row) => Number(row.version));
    for (const migration of pendingMigrations(SQLITE_MIGRATIONS, applied, `the SQLite store at ${path}`)) {
      db.exec(migration.sql);
      db.prepare('INSERT INTO usergate_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
