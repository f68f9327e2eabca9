/** One step of a backend's schema; applied once, in order, recorded in `usergate_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The newest schema version among `migrations`. */
export function latestVersion(migrations: readonly Migration[]): number {
  return Math.max(0, ...migrations.map((migration) => migration.version));
}

/** The migrations still to apply, or why this usergate must not touch the store (a newer one migrated it). */
export function pendingMigrations(migrations: readonly Migration[], applied: readonly number[], where: string): Migration[] {
  const known = latestVersion(migrations);
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new Error(
      `${where} has schema version ${newest}, newer than this usergate knows (${known}): run a usergate at least as new as the one that migrated it`,
    );
  }
  const done = new Set(applied);
  return [...migrations].sort((a, b) => a.version - b.version).filter((migration) => !done.has(migration.version));
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'connections',
    sql: `
      CREATE TABLE usergate_store_version (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL
      ) STRICT;
      INSERT INTO usergate_store_version (id, version) VALUES (1, 0);
      CREATE TABLE usergate_connections (
        tenant TEXT NOT NULL,
        name TEXT NOT NULL,
        id TEXT NOT NULL,
        adapter TEXT NOT NULL,
        base_url TEXT NOT NULL,
        options TEXT NOT NULL,
        timeouts TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        sealed_credentials TEXT NOT NULL,
        credentials_fingerprint TEXT NOT NULL,
        credentials_updated_at TEXT NOT NULL,
        revision INTEGER NOT NULL,
        credentials_rejected_at TEXT,
        last_verified_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant, name)
      ) STRICT;
      CREATE UNIQUE INDEX usergate_connections_version ON usergate_connections (version);
    `,
  },
];

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'connections',
    sql: `
      CREATE TABLE usergate_store_version (
        id BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
        version BIGINT NOT NULL
      );
      INSERT INTO usergate_store_version (id, version) VALUES (TRUE, 0);
      CREATE TABLE usergate_connections (
        tenant TEXT NOT NULL,
        name TEXT NOT NULL,
        id TEXT NOT NULL,
        adapter TEXT NOT NULL,
        base_url TEXT NOT NULL,
        options JSONB NOT NULL,
        timeouts JSONB NOT NULL,
        enabled BOOLEAN NOT NULL,
        sealed_credentials TEXT NOT NULL,
        credentials_fingerprint TEXT NOT NULL,
        credentials_updated_at TIMESTAMPTZ NOT NULL,
        revision INTEGER NOT NULL,
        credentials_rejected_at TIMESTAMPTZ,
        last_verified_at TIMESTAMPTZ,
        last_error JSONB,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        version BIGINT NOT NULL,
        deleted BOOLEAN NOT NULL DEFAULT FALSE,
        PRIMARY KEY (tenant, name)
      );
      CREATE UNIQUE INDEX usergate_connections_version ON usergate_connections (version);
    `,
  },
];
