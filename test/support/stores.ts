import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { StoreConfig } from '../../src/config/schema';
import { openConnectionStore } from '../../src/connections/store/open';
import type { ConnectionStore, NewStoredConnection } from '../../src/connections/store/types';
import type { Logger } from '../../src/logging/logger';
import { dropSchema, rawClient, TEST_POSTGRES_URL, uniqueSchema } from './postgres';

/** A real database for one test, of either backend, and what a test needs around it. */
export interface TestDatabase {
  readonly kind: 'sqlite' | 'postgres';
  /** The `store` config a gateway on this database is given. */
  readonly config: StoreConfig;
  /** One more store on this database, as another instance (or process) would open it. */
  open(options?: { url?: string; logger?: Logger }): Promise<ConnectionStore>;
  /** SQL outside any store (`$1` placeholders), as an operator or a crashed writer would run it. */
  raw(sql: string, params?: (string | number | null)[]): Promise<Record<string, unknown>[]>;
  /** Closes every store opened here and removes the database. */
  dispose(): Promise<void>;
}

export async function sqliteDatabase(): Promise<TestDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'usergate-store-'));
  const config: StoreConfig = { sqlite: { path: join(directory, 'usergate.db') } };
  const stores: ConnectionStore[] = [];
  let raw: DatabaseSync | undefined;
  return {
    kind: 'sqlite',
    config,
    async open(options = {}) {
      const store = await openConnectionStore(config, options.logger);
      stores.push(store);
      return store;
    },
    raw(sql, params = []) {
      raw ??= new DatabaseSync(config.sqlite!.path, { timeout: 5_000 });
      return Promise.resolve(raw.prepare(sql.replace(/\$(\d+)/g, '?$1')).all(...(params as SQLInputValue[])));
    },
    async dispose() {
      await Promise.all(stores.map((store) => store.close()));
      raw?.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export async function postgresDatabase(): Promise<TestDatabase> {
  const schema = uniqueSchema();
  const config: StoreConfig = { postgres: { url: TEST_POSTGRES_URL, poolSize: 4, schema } };
  const stores: ConnectionStore[] = [];
  const client = await rawClient(schema);
  return {
    kind: 'postgres',
    config,
    async open(options = {}) {
      const store = await openConnectionStore({ postgres: { ...config.postgres!, url: options.url ?? TEST_POSTGRES_URL } }, options.logger);
      stores.push(store);
      return store;
    },
    async raw(sql, params = []) {
      return (await client.query<Record<string, unknown>>(sql, params)).rows;
    },
    async dispose() {
      await Promise.all(stores.map((store) => store.close()));
      await client.end();
      await dropSchema(schema);
    },
  };
}

export const BACKENDS: [string, () => Promise<TestDatabase>][] = [
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
];

let created = 0;

/** A connection to create, unique per call unless told otherwise. */
export function newConnection(overrides: Partial<NewStoredConnection> = {}): NewStoredConnection {
  created += 1;
  return {
    tenant: 'acme',
    name: `wallet-${created}`,
    adapter: 'northpay',
    baseUrl: 'https://wallet-sandbox.northpay.example/rest/v1',
    options: { region: 'LT' },
    timeouts: { attemptMs: 5_000, totalMs: 10_000 },
    enabled: true,
    sealedCredentials: `v1.k1.sealed-${created}`,
    credentialsFingerprint: `fingerprint-${created}`,
    ...overrides,
  };
}

/** Resolves once `condition` holds, polling every 20 ms; rejects after `withinMs`. */
export async function eventually(condition: () => boolean, withinMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}
