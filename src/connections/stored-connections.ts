import type { Environment } from '../config/load';
import type { StoreConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import { KeyRing } from '../secrets/key-ring';
import { selectKeyRing } from '../secrets/key-selection';
import { ConnectionCatalog } from './catalog';
import { openConnectionStore } from './store/open';
import type { ConnectionStore } from './store/types';

/** The data layer of stored connections, opened: where they are kept, the in-memory catalog of them and the keys to their credentials. */
export interface StoredConnections {
  readonly store: ConnectionStore;
  readonly catalog: ConnectionCatalog;
  readonly keyRing: KeyRing;
  close(): Promise<void>;
}

const UNREADABLE_NAMED_AT_MOST = 50;

/**
 * The gateway's start-up step for stored connections: the keys, then the store (migrated), then
 * every live connection loaded. Throws, saying why, when any of them cannot be had: the gateway
 * must not start without its store. Connections no configured key opens are named in the log.
 */
export async function openStoredConnections(config: StoreConfig, options: { logger: Logger; env?: Environment }): Promise<StoredConnections> {
  const { logger, env = process.env } = options;
  const keyRing = selectKeyRing(config, env, logger);
  const store = await openConnectionStore(config, logger);
  let catalog: ConnectionCatalog;
  try {
    catalog = await ConnectionCatalog.open(store, { pollIntervalMs: config.pollIntervalMs, logger });
  } catch (error) {
    await store.close();
    throw error;
  }
  const unreadable = catalog.all().filter((record) => !keyRing.keyIds.includes(KeyRing.sealedKeyId(record.sealedCredentials) ?? ''));
  if (unreadable.length) {
    logger.error('stored connections whose credentials no configured key opens: they answer 503 until their key is configured or they are rotated', {
      count: unreadable.length,
      connections: unreadable.slice(0, UNREADABLE_NAMED_AT_MOST).map((record) => `${record.tenant}/${record.name}`),
    });
  }
  logger.info('stored connections loaded', { store: store.kind, count: catalog.size, version: catalog.version });
  return {
    store,
    catalog,
    keyRing,
    close: async () => {
      await catalog.close();
      await store.close();
    },
  };
}
