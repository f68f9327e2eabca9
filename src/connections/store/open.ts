import { DEFAULT_SQLITE_PATH, type StoreConfig } from '../../config/schema';
import type { Logger } from '../../logging/logger';
import { PostgresConnectionStore } from './postgres';
import { SqliteConnectionStore } from './sqlite';
import type { ConnectionStore } from './types';

/**
 * Opens (and migrates) the configured store: PostgreSQL when `store.postgres` is set, else the
 * SQLite file. Throws StoreUnavailableError, saying why and never with a password, when it cannot.
 */
export async function openConnectionStore(config: StoreConfig, logger?: Logger): Promise<ConnectionStore> {
  if (config.postgres) return PostgresConnectionStore.open({ ...config.postgres, logger });
  return SqliteConnectionStore.open({ path: config.sqlite?.path ?? DEFAULT_SQLITE_PATH, logger });
}
