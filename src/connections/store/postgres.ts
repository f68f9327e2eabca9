import { Client, Pool, type ClientConfig, type PoolClient } from 'pg';
import { POSTGRES_SCHEMA_NAME } from '../../config/schema';
import type { Logger } from '../../logging/logger';
import { pendingMigrations, POSTGRES_MIGRATIONS } from './migrations';
import { integerColumn, type ConnectionRow } from './rows';
import { SqlConnectionStore, type SqlSession, type SqlValue, type WriteOutcome } from './sql-store';
import { StoreUnavailableError } from './types';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/db`; the password never appears in a message. */
  url: string;
  poolSize?: number;
  /** A schema of usergate's own (created when missing); by default the server's search_path decides. */
  schema?: string;
  logger?: Logger;
}

const CHANNEL = 'usergate_connections';
const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 10_000;
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;
/** Instances starting together take turns at migrating (pg_advisory_xact_lock). */
const MIGRATION_LOCK = 'usergate_migrations';

/**
 * The store for several instances. Writes NOTIFY inside their transaction (delivered on commit,
 * never for a rollback); one dedicated client LISTENs, and is reconnected with backoff when it is
 * lost, announcing a possible change once it is back, since notifications sent meanwhile are gone.
 */
export class PostgresConnectionStore extends SqlConnectionStore {
  readonly kind = 'postgres';
  /** Where the store is, for messages: the URL without password or query. */
  readonly location: string;
  private readonly pool: Pool;
  private readonly clientConfig: ClientConfig;
  private readonly channel: string;
  private listener: Client | undefined;
  private operationsOk = true;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelayMs = RECONNECT_MIN_MS;

  private constructor(private readonly options: PostgresStoreOptions) {
    super(options.logger);
    this.location = describePostgresUrl(options.url);
    this.channel = options.schema ? `${CHANNEL}:${options.schema}` : CHANNEL;
    this.clientConfig = {
      connectionString: options.url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      keepAlive: true,
      application_name: 'usergate',
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    };
    this.pool = new Pool({ ...this.clientConfig, max: options.poolSize ?? 10 });
    // An idle pooled client whose server went away: the next operation finds out and says so.
    this.pool.on('error', () => {
      this.operationsOk = false;
    });
  }

  /** Connects, migrates and starts listening; throws StoreUnavailableError saying why it cannot (never with the password). */
  static async open(options: PostgresStoreOptions): Promise<PostgresConnectionStore> {
    if (options.schema !== undefined && !POSTGRES_SCHEMA_NAME.test(options.schema)) {
      throw new StoreUnavailableError(`store.postgres.schema must be a plain lower-case identifier (${String(POSTGRES_SCHEMA_NAME)})`);
    }
    const store = new PostgresConnectionStore(options);
    try {
      await store.migrate();
      await store.listen();
      return store;
    } catch (error) {
      await store.close();
      throw new StoreUnavailableError(`cannot use the PostgreSQL connection store at ${store.location}: ${store.scrub((error as Error).message)}`, {
        cause: error,
      });
    }
  }

  isAvailable(): boolean {
    return this.operationsOk && this.listener !== undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  protected read<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.withClient('to read', async (client, session) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const result = await work(session);
      await client.query('COMMIT');
      return result;
    });
  }

  protected transact<T>(work: (session: SqlSession, version: number) => Promise<WriteOutcome<T>>): Promise<T> {
    return this.withClient('to write', async (client, session) => {
      await client.query('BEGIN');
      const version = await SqlConnectionStore.nextVersion(session);
      const outcome = await work(session, version);
      if (outcome.commit) {
        await client.query('SELECT pg_notify($1, $2)', [this.channel, String(version)]);
        await client.query('COMMIT');
      } else {
        await client.query('ROLLBACK');
      }
      return outcome.result;
    });
  }

  /** In place: each row is a fresh object of the driver's. */
  protected decodeRow(raw: Record<string, unknown>): ConnectionRow {
    for (const [column, value] of Object.entries(raw)) if (value instanceof Date) raw[column] = value.toISOString();
    raw.version = integerColumn(raw.version);
    return raw as ConnectionRow;
  }

  /** A pooled client for one transaction; any failure rolls back and throws the client away rather than reuse it. */
  private async withClient<T>(doing: string, work: (client: PoolClient, session: SqlSession) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.failed(error, doing);
    }
    // A connection lost between two statements is an 'error' event; the next statement reports it.
    const ignore = () => undefined;
    client.on('error', ignore);
    const session: SqlSession = { query: async (sql, params = []) => (await client.query<Record<string, unknown>>(sql, params as SqlValue[])).rows };
    try {
      const result = await work(client, session);
      client.off('error', ignore);
      client.release();
      this.operationsOk = true;
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.off('error', ignore);
      const failure = this.failed(error, doing);
      // A client that failed is thrown away rather than reused; one that refused a conflict is fine.
      client.release(failure instanceof StoreUnavailableError);
      throw failure;
    }
  }

  private failed(error: unknown, doing: string): Error {
    const failure = this.unavailable(error, doing);
    if (failure instanceof StoreUnavailableError) {
      this.operationsOk = false;
      failure.message = this.scrub(failure.message);
    }
    return failure;
  }

  private async migrate(): Promise<void> {
    const client = new Client(this.clientConfig);
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [MIGRATION_LOCK]);
      if (this.options.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.options.schema}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS usergate_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const applied = (await client.query<{ version: number }>('SELECT version FROM usergate_migrations')).rows.map((row) => row.version);
      for (const migration of pendingMigrations(POSTGRES_MIGRATIONS, applied, `the PostgreSQL store at ${this.location}`)) {
        await client.query(migration.sql);
        await client.query('INSERT INTO usergate_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async listen(): Promise<void> {
    const client = new Client(this.clientConfig);
    const lost = () => this.listenerLost(client);
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.changed();
    });
    try {
      await client.connect();
      // The channel is usergate's own name and a schema name held to POSTGRES_SCHEMA_NAME; LISTEN takes no parameter.
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      client.off('end', lost);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.reconnectDelayMs = RECONNECT_MIN_MS;
  }

  private listenerLost(client: Client): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.logger?.warn('the connection store lost its LISTEN connection; reconnecting', { store: this.location });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    // Full jitter: instances that lost the server together do not come back in step.
    const delay = Math.round(this.reconnectDelayMs * (0.5 + Math.random() / 2));
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.listen().then(
        () => {
          if (this.closed) return;
          this.logger?.info('the connection store is listening again', { store: this.location });
          // Whatever was notified while nobody listened is gone: announce a possible change.
          this.changed();
        },
        () => this.scheduleReconnect(),
      );
    }, delay);
    this.reconnectTimer.unref();
  }

  /** The message without the URL's password, should a driver ever repeat it. */
  private scrub(message: string): string {
    const password = passwordOf(this.options.url);
    return password ? message.split(password).join('***') : message;
  }
}

/** `postgres://user@host:port/db`: enough to know which server, never the password or the query string. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.username ? `${parsed.username}@` : ''}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'store.postgres.url (not a URL)';
  }
}

function passwordOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.password) return decodeURIComponent(parsed.password);
    return parsed.searchParams.get('password') ?? undefined;
  } catch {
    return undefined;
  }
}
