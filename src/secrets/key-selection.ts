import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Environment } from '../config/load';
import { DEFAULT_SQLITE_PATH, type StoreConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import { KeyRing, KeyRingError } from './key-ring';

export const SECRETS_KEYS_ENV = 'USERGATE_SECRETS_KEYS';

/** The embedded default's key file: next to the SQLite database. */
export function keyFileFor(store: StoreConfig): string {
  return join(dirname(resolve(store.sqlite?.path ?? DEFAULT_SQLITE_PATH)), 'secrets.key');
}

/**
 * The keys that seal stored credentials: `USERGATE_SECRETS_KEYS` when set. Without it, the
 * embedded SQLite store keeps a generated key in a file next to its database and says so loudly;
 * a PostgreSQL store (several instances, each needing the same keys) refuses to start.
 * `createKeyFile: false` (tools that only read what exists) refuses instead of generating one.
 */
export function selectKeyRing(store: StoreConfig, env: Environment, logger?: Logger, options: { createKeyFile?: boolean } = {}): KeyRing {
  const configured = env[SECRETS_KEYS_ENV];
  if (configured?.trim()) return KeyRing.parse(configured);
  if (store.postgres) {
    throw new KeyRingError(
      `${SECRETS_KEYS_ENV} is not set, and a PostgreSQL store needs it: every instance must seal and open credentials with the same keys. ` +
        `Create one with \`usergate secrets generate-key\` and give every instance ${SECRETS_KEYS_ENV}=<id>:<base64>.`,
    );
  }
  const file = keyFileFor(store);
  if (options.createKeyFile === false && !existsSync(file)) {
    throw new KeyRingError(`${SECRETS_KEYS_ENV} is not set and there is no key file at ${file}`);
  }
  const { ring, created } = KeyRing.fromFile(file);
  logger?.warn(
    created
      ? `generated a key for stored credentials in ${file}: back it up with the database, and set ${SECRETS_KEYS_ENV} to keep it elsewhere`
      : `stored credentials are sealed with the key in ${file}; set ${SECRETS_KEYS_ENV} to keep it elsewhere`,
    { keyFile: file, keyId: ring.currentKeyId },
  );
  return ring;
}
