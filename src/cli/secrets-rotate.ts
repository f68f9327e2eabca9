import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { adapters } from '../../adapters';
import { ConfigError, loadConfigFile } from '../config/load';
import { DEFAULT_SQLITE_PATH, type StoreConfig } from '../config/schema';
import { resealUnderCurrentKey, type ResealReport } from '../connections/reseal-credentials';
import { openConnectionStore } from '../connections/store/open';
import { createLogger } from '../logging/logger';
import { KeyRingError } from '../secrets/key-ring';
import { selectKeyRing } from '../secrets/key-selection';
import { CliError, EXIT } from './exit-codes';

/** `usergate secrets rotate`: counts on stdout, never a secret; exit 1 when some record no configured key opens. */
export async function rotate(options: { config?: string; json?: boolean }): Promise<void> {
  const store = storeConfig(options.config ?? process.env.USERGATE_CONFIG);
  const sqlitePath = store.postgres ? undefined : resolve(store.sqlite?.path ?? DEFAULT_SQLITE_PATH);
  // Rotating a store that is not there is a wrong path, not an empty store: nothing is created.
  if (sqlitePath && !existsSync(sqlitePath)) {
    throw new CliError(`There is no store at ${sqlitePath}. Name the gateway config with --config or USERGATE_CONFIG.`, EXIT.usage);
  }
  const logger = createLogger({ level: 'warn', destination: 'stderr' });
  let keyRing;
  try {
    keyRing = selectKeyRing(store, process.env, logger, { createKeyFile: false });
  } catch (error) {
    if (error instanceof KeyRingError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
  const opened = await openConnectionStore(store, logger);
  let report: ResealReport;
  try {
    report = await resealUnderCurrentKey(opened, keyRing);
  } finally {
    await opened.close();
  }
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
  if (report.unreadable.length) process.exitCode = EXIT.failed;
}

function storeConfig(file: string | undefined): StoreConfig {
  if (!file) return { sqlite: { path: DEFAULT_SQLITE_PATH } };
  try {
    return loadConfigFile(file, adapters).store;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

function describe(report: ResealReport): string {
  const lines = [
    `Resealed under key ${report.keyId}: ${report.resealed}`,
    `Already under key ${report.keyId}: ${report.alreadyCurrent}`,
    `Unreadable (no configured key opens them): ${report.unreadable.length}`,
    ...report.unreadable.map(({ tenant, name, keyId }) => `  ${tenant}/${name} (sealed under ${keyId ?? 'no known key id'})`),
  ];
  if (report.gone) lines.push(`Deleted while rotating: ${report.gone}`);
  return `${lines.join('\n')}\n`;
}
