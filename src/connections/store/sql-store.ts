import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logging/logger';
import { canonicalJson } from '../canonical-json';
import { CONNECTION_COLUMNS, recordFromRow, validChanges, validHealth, validNewConnection, type ConnectionRow } from './rows';
import {
  StoreConflictError,
  StoreError,
  StoreNotFoundError,
  StoreUnavailableError,
  type ConnectionStore,
  type HealthChange,
  type NewStoredConnection,
  type StoredConnection,
  type StoredConnectionChanges,
  type StoreSnapshot,
} from './types';

export type SqlValue = string | number | null;

/** One database session: SQL with `$1`-style placeholders, every value a bound parameter. */
export interface SqlSession {
  query(sql: string, params?: readonly SqlValue[]): Promise<Record<string, unknown>[]>;
}

/** What a write decided: commit (the version it took is spent) or roll back (nothing changed). */
export interface WriteOutcome<T> {
  commit: boolean;
  result: T;
}

const COLUMNS = CONNECTION_COLUMNS.join(', ');
const SELECT_CONNECTIONS = `SELECT ${COLUMNS} FROM usergate_connections`;
const CURRENT_VERSION = 'SELECT version FROM usergate_store_version';
const NEXT_VERSION = 'UPDATE usergate_store_version SET version = version + 1 RETURNING version';

/**
 * The store's logic, once for both backends: the SQL below is what SQLite and PostgreSQL share.
 * Every write first takes the next version from the one-row counter in its own transaction; that
 * row's lock orders writers, so versions become visible in the order they were taken, and a reader
 * that has seen version N has seen every write up to N (what `changesSince` relies on).
 */
export abstract class SqlConnectionStore implements ConnectionStore {
  abstract readonly kind: 'sqlite' | 'postgres';
  private readonly listeners = new Set<() => void>();

  protected constructor(protected readonly logger: Logger | undefined) {}

  /** Runs `work` on one session seeing one consistent state of the database. */
  protected abstract read<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Runs `work` in a write transaction, after the version counter, committing or rolling back as it says. */
  protected abstract transact<T>(work: (session: SqlSession, version: number) => Promise<WriteOutcome<T>>): Promise<T>;
  /** A raw row as this backend's driver returns it, in the JS shapes `recordFromRow` validates. */
  protected abstract decodeRow(raw: Record<string, unknown>): ConnectionRow;
  abstract isAvailable(): boolean;
  abstract close(): Promise<void>;

  loadAll(): Promise<StoreSnapshot> {
    return this.read(async (session) => {
      const version = await this.versionOf(session);
      const rows = await session.query(`${SELECT_CONNECTIONS} WHERE NOT deleted ORDER BY tenant, name`);
      return { connections: this.records(rows), version };
    });
  }

  changesSince(version: number): Promise<StoreSnapshot> {
    return this.read(async (session) => {
      const current = await this.versionOf(session);
      const rows = current > version ? await session.query(`${SELECT_CONNECTIONS} WHERE version > $1 ORDER BY version`, [version]) : [];
      return { connections: this.records(rows), version: Math.max(current, version) };
    });
  }

  currentVersion(): Promise<number> {
    return this.read((session) => this.versionOf(session));
  }

  get(tenant: string, name: string): Promise<StoredConnection | undefined> {
    return this.read(async (session) => {
      const record = await this.find(session, tenant, name);
      return record?.deleted ? undefined : record;
    });
  }

  create(input: NewStoredConnection): Promise<StoredConnection> {
    const valid = validNewConnection(input);
    const now = new Date().toISOString();
    return this.transact(async (session, version) => {
      // A tombstone under the same name is taken over: one row per name ever used, never a pile of them.
      const rows = await session.query(
        `INSERT INTO usergate_connections (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, NULL, NULL, NULL, $11, $11, $12, FALSE)
         ON CONFLICT (tenant, name) DO UPDATE SET
           id = excluded.id, adapter = excluded.adapter, base_url = excluded.base_url, options = excluded.options,
           timeouts = excluded.timeouts, enabled = excluded.enabled, sealed_credentials = excluded.sealed_credentials,
           credentials_fingerprint = excluded.credentials_fingerprint, credentials_updated_at = excluded.credentials_updated_at,
           revision = 1, credentials_rejected_at = NULL, last_verified_at = NULL, last_error = NULL,
           created_at = excluded.created_at, updated_at = excluded.updated_at, version = excluded.version, deleted = FALSE
         WHERE usergate_connections.deleted
         RETURNING ${COLUMNS}`,
        [
          valid.tenant,
          valid.name,
          randomUUID(),
          valid.adapter,
          valid.baseUrl,
          JSON.stringify(valid.options),
          JSON.stringify(valid.timeouts),
          valid.enabled ? 1 : 0,
          valid.sealedCredentials,
          valid.credentialsFingerprint,
          now,
          version,
        ],
      );
      const [created] = this.records(rows);
      if (!created) throw new StoreConflictError(valid.tenant, valid.name);
      return { commit: true, result: created };
    });
  }

  update(tenant: string, name: string, changes: StoredConnectionChanges): Promise<StoredConnection> {
    const valid = validChanges(changes);
    const now = new Date().toISOString();
    return this.transact(async (session, version) => {
      const current = await this.find(session, tenant, name);
      if (!current || current.deleted) throw new StoreNotFoundError(tenant, name);
      const sets = new Assignments([tenant, name, version, now]);
      if (valid.baseUrl !== undefined && valid.baseUrl !== current.baseUrl) sets.add('base_url', valid.baseUrl);
      if (valid.options && canonicalJson(valid.options) !== canonicalJson(current.options)) sets.add('options', JSON.stringify(valid.options));
      if (valid.timeouts && canonicalJson(valid.timeouts) !== canonicalJson(current.timeouts)) sets.add('timeouts', JSON.stringify(valid.timeouts));
      if (valid.enabled !== undefined && valid.enabled !== current.enabled) sets.add('enabled', valid.enabled ? 1 : 0);
      if (valid.credentials) {
        sets.add('sealed_credentials', valid.credentials.sealedCredentials);
        sets.add('credentials_fingerprint', valid.credentials.credentialsFingerprint);
        sets.add('credentials_updated_at', now);
        sets.add('credentials_rejected_at', null);
        sets.add('last_error', null);
      }
      // The same settings again are not a change: the registry would reopen the connection for nothing.
      if (sets.empty) return { commit: false, result: current };
      const rows = await session.query(
        `UPDATE usergate_connections SET ${sets.sql}, revision = revision + 1, version = $3, updated_at = $4
         WHERE tenant = $1 AND name = $2 RETURNING ${COLUMNS}`,
        sets.params,
      );
      return { commit: true, result: this.records(rows)[0] ?? current };
    });
  }

  recordHealth(tenant: string, name: string, health: HealthChange): Promise<void> {
    const valid = validHealth(health);
    return this.transact(async (session, version) => {
      const current = await this.find(session, tenant, name);
      if (!current || current.deleted) return { commit: false, result: undefined };
      const sets = new Assignments([tenant, name, version]);
      if (valid.credentialsRejectedAt !== undefined && valid.credentialsRejectedAt !== current.credentialsRejectedAt)
        sets.add('credentials_rejected_at', valid.credentialsRejectedAt);
      if (valid.lastVerifiedAt !== undefined && valid.lastVerifiedAt !== current.lastVerifiedAt) sets.add('last_verified_at', valid.lastVerifiedAt);
      if (valid.lastError !== undefined && canonicalJson(valid.lastError) !== canonicalJson(current.lastError))
        sets.add('last_error', valid.lastError && JSON.stringify(valid.lastError));
      if (sets.empty) return { commit: false, result: undefined };
      await session.query(`UPDATE usergate_connections SET ${sets.sql}, version = $3 WHERE tenant = $1 AND name = $2`, sets.params);
      return { commit: true, result: undefined };
    });
  }

  delete(tenant: string, name: string): Promise<boolean> {
    const now = new Date().toISOString();
    return this.transact(async (session, version) => {
      const rows = await session.query(
        `UPDATE usergate_connections SET deleted = TRUE, sealed_credentials = '', version = $3, updated_at = $4
         WHERE tenant = $1 AND name = $2 AND NOT deleted RETURNING name`,
        [tenant, name, version, now],
      );
      return { commit: rows.length > 0, result: rows.length > 0 };
    });
  }

  reseal(tenant: string, name: string, expected: string, sealed: string): Promise<boolean> {
    return this.transact(async (session, version) => {
      const rows = await session.query(
        `UPDATE usergate_connections SET sealed_credentials = $4, version = $3
         WHERE tenant = $1 AND name = $2 AND NOT deleted AND sealed_credentials = $5 RETURNING name`,
        [tenant, name, version, sealed, expected],
      );
      return { commit: rows.length > 0, result: rows.length > 0 };
    });
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener that something may have changed; one listener's failure is not the others'. */
  protected changed(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.logger?.error('a connection store listener failed', { error: (error as Error).message });
      }
    }
  }

  /** A driver's failure as the store's: the database did not answer; errors of the store itself pass through. */
  protected unavailable(error: unknown, doing: string): Error {
    if (error instanceof StoreError || error instanceof TypeError) return error;
    return new StoreUnavailableError(`the ${this.kind} connection store failed ${doing}: ${(error as Error).message}`, { cause: error });
  }

  private async versionOf(session: SqlSession): Promise<number> {
    const [row] = await session.query(CURRENT_VERSION);
    return Number(row?.version ?? 0);
  }

  protected static async nextVersion(session: SqlSession): Promise<number> {
    const [row] = await session.query(NEXT_VERSION);
    return Number(row?.version);
  }

  private async find(session: SqlSession, tenant: string, name: string): Promise<StoredConnection | undefined> {
    return this.records(await session.query(`${SELECT_CONNECTIONS} WHERE tenant = $1 AND name = $2`, [tenant, name]))[0];
  }

  /** Valid rows as records; a row that does not validate is left out and logged (which one, which fields, never a value). */
  private records(rows: Record<string, unknown>[]): StoredConnection[] {
    const records: StoredConnection[] = [];
    for (const raw of rows) {
      const read = recordFromRow(this.decodeRow(raw));
      if ('record' in read) records.push(read.record);
      else this.logger?.error('a stored connection does not validate and is left out', { store: this.kind, ...read.problem });
    }
    return records;
  }
}

/** `column = $n` assignments of an UPDATE, after the parameters every statement starts with; column names come from this file only. */
class Assignments {
  private readonly parts: string[] = [];

  constructor(readonly params: SqlValue[]) {}

  add(column: string, value: SqlValue): void {
    this.params.push(value);
    this.parts.push(`${column} = $${this.params.length}`);
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }

  get sql(): string {
    return this.parts.join(', ');
  }
}
