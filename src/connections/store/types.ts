/**
 * The connection store: tenants' connections kept as data (DESIGN §8), behind one interface with
 * two backends, SQLite (embedded default) and PostgreSQL (several instances).
 */

/** The name of a stored connection (DESIGN §8); checked where connections come in, not by the store. */
export const STORED_CONNECTION_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

export type ConnectionState = 'active' | 'disabled' | 'credentials_rejected' | 'unreadable';

export interface ConnectionTimeouts {
  attemptMs?: number;
  totalMs?: number;
}

/** What a connection last failed with; a stable code and the provider's status, never its body. */
export interface ConnectionLastError {
  code: string;
  status?: number;
  at: string;
}

/** One stored connection as the store keeps it (credentials sealed). */
export interface StoredConnection {
  tenant: string;
  name: string;
  /** Random per creation: a connection deleted and created again under its name is another connection. */
  id: string;
  adapter: string;
  baseUrl: string;
  options: Record<string, unknown>;
  timeouts: ConnectionTimeouts;
  enabled: boolean;
  /** `KeyRing.seal(JSON.stringify(credentials), `${tenant}/${name}`)`; empty on a tombstone. */
  sealedCredentials: string;
  credentialsFingerprint: string;
  /** RFC 3339, like every time here. */
  credentialsUpdatedAt: string;
  /** Bumped on every change of the settings above (what the registry reopens on). */
  revision: number;
  /** Health, shared across instances, not a settings change. */
  credentialsRejectedAt: string | null;
  lastVerifiedAt: string | null;
  lastError: ConnectionLastError | null;
  createdAt: string;
  updatedAt: string;
  /** Global, monotonic across the store: every write (settings, health, reseal, delete) takes the next one. */
  version: number;
  /** A tombstone, so that a delete reaches other instances through `changesSince`. */
  deleted: boolean;
}

/** What a caller gives to create a connection; the store adds id, times, revision and version. */
export interface NewStoredConnection {
  tenant: string;
  name: string;
  adapter: string;
  baseUrl: string;
  options: Record<string, unknown>;
  timeouts: ConnectionTimeouts;
  enabled: boolean;
  sealedCredentials: string;
  credentialsFingerprint: string;
}

/**
 * A settings change (each field replaces the stored one). New credentials come as the sealed blob
 * and its fingerprint together; they set `credentialsUpdatedAt` and clear `credentialsRejectedAt`
 * and `lastError`, which were about the credentials they replace.
 */
export interface StoredConnectionChanges {
  baseUrl?: string;
  options?: Record<string, unknown>;
  timeouts?: ConnectionTimeouts;
  enabled?: boolean;
  credentials?: { sealedCredentials: string; credentialsFingerprint: string };
}

/** A health report: each given field replaces the stored one (`null` clears it), the others stay. */
export interface HealthChange {
  credentialsRejectedAt?: string | null;
  lastVerifiedAt?: string | null;
  lastError?: ConnectionLastError | null;
}

/** Records and the store version they are current at. */
export interface StoreSnapshot {
  connections: StoredConnection[];
  version: number;
}

/**
 * Tenant and name are only ever bound parameters, never SQL. Inputs are checked for shape (a
 * malformed one is a TypeError: a bug, since callers validate what comes in first), not for the
 * name patterns above, which are the API's to enforce. Failures of the database are
 * StoreUnavailableError; `isAvailable()` turns false with them and true again with the next success.
 */
export interface ConnectionStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Live records (no tombstones) and the version they are current at. */
  loadAll(): Promise<StoreSnapshot>;
  /** Everything written after `version` (tombstones included), oldest first, and the new version. */
  changesSince(version: number): Promise<StoreSnapshot>;
  currentVersion(): Promise<number>;
  /** The live record, or undefined (a tombstone is not a connection). */
  get(tenant: string, name: string): Promise<StoredConnection | undefined>;
  /** Throws StoreConflictError when a live connection has that name in that tenant. */
  create(input: NewStoredConnection): Promise<StoredConnection>;
  /** Settings change (revision+1); throws StoreNotFoundError. */
  update(tenant: string, name: string, changes: StoredConnectionChanges): Promise<StoredConnection>;
  /** Health change only (no revision bump); a report about a connection that is gone changes nothing. */
  recordHealth(tenant: string, name: string, health: HealthChange): Promise<void>;
  /** Tombstones it (and erases its sealed credentials); false when there was none. */
  delete(tenant: string, name: string): Promise<boolean>;
  /** For `secrets rotate`: replaces the sealed blob only if it is still `expected` (compare-and-set); no revision bump. */
  reseal(tenant: string, name: string, expected: string, sealed: string): Promise<boolean>;
  /** Called (with no argument) when something may have changed: this store's own writes, and other writers' on PostgreSQL (NOTIFY). */
  onChange(listener: () => void): () => void;
  /** True while the backing database answers (for /readyz `store: degraded`). */
  isAvailable(): boolean;
  close(): Promise<void>;
}

/** Errors of the store, each with a stable code for the edge to map (409, 404, 503). */
export class StoreError extends Error {
  constructor(
    readonly code: 'store_conflict' | 'store_not_found' | 'store_unavailable',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export class StoreConflictError extends StoreError {
  constructor(tenant: string, name: string) {
    super('store_conflict', `tenant ${JSON.stringify(tenant)} already has a connection named ${JSON.stringify(name)}`);
    this.name = 'StoreConflictError';
  }
}

export class StoreNotFoundError extends StoreError {
  constructor(tenant: string, name: string) {
    super('store_not_found', `tenant ${JSON.stringify(tenant)} has no connection named ${JSON.stringify(name)}`);
    this.name = 'StoreNotFoundError';
  }
}

/** The database did not answer (or refused the operation for a reason other than the data). */
export class StoreUnavailableError extends StoreError {
  constructor(message: string, options?: ErrorOptions) {
    super('store_unavailable', message, options);
    this.name = 'StoreUnavailableError';
  }
}
