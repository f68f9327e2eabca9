import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { sealCredentials } from '../../src/connections/credentials';
import { openConnectionStore } from '../../src/connections/store/open';
import { KeyRing } from '../../src/secrets/key-ring';
import type { SimulatorDescription } from './simulators';

export interface SeededStore {
  /** `USERGATE_SECRETS_KEYS` for the gateway that opens it. */
  keys: string;
  connections: number;
}

/** The connection at `index` of a seeded store: tenants take turns, so any first N connections spread over every tenant. */
export function seededConnection(index: number, tenants: number): { tenant: string; name: string } {
  return { tenant: `tenant-${index % tenants}`, name: `shop-${Math.floor(index / tenants)}` };
}

/**
 * A SQLite connection store (migrated by the store itself) holding `tenants × perTenant` stored
 * connections to one simulator, credentials sealed under a fresh key. Written in one transaction
 * with the store's own row layout: 10,000 creates through the store's API would take a minute,
 * which is no part of what the bench measures.
 */
export async function seedStore(path: string, simulator: SimulatorDescription, tenants: number, perTenant: number): Promise<SeededStore> {
  const store = await openConnectionStore({ sqlite: { path } });
  await store.close();
  const keys = KeyRing.generateEntry('bench');
  const keyRing = KeyRing.parse(keys);
  const total = tenants * perTenant;
  const now = new Date().toISOString();
  const db = new DatabaseSync(path);
  try {
    db.exec('BEGIN');
    const insert = db.prepare(
      `INSERT INTO usergate_connections (tenant, name, id, adapter, base_url, options, timeouts, enabled, sealed_credentials, credentials_fingerprint,
         credentials_updated_at, revision, created_at, updated_at, version, deleted)
       VALUES (?, ?, ?, ?, ?, ?, '{}', 1, ?, ?, ?, 1, ?, ?, ?, 0)`,
    );
    for (let index = 0; index < total; index += 1) {
      const { tenant, name } = seededConnection(index, tenants);
      const sealed = sealCredentials(simulator.credentials, tenant, name, keyRing);
      insert.run(
        tenant,
        name,
        randomUUID(),
        simulator.provider,
        simulator.baseUrl,
        JSON.stringify(simulator.options),
        sealed.sealedCredentials,
        sealed.credentialsFingerprint,
        now,
        now,
        now,
        index + 1,
      );
    }
    db.prepare('UPDATE usergate_store_version SET version = ?').run(total);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
  return { keys, connections: total };
}
