import { KeyRing } from '../secrets/key-ring';
import { credentialsAssociatedData } from './credentials';
import type { ConnectionStore, StoredConnection } from './store/types';

/** What `usergate secrets rotate` did: counts, and which connections no configured key opens (names, never values). */
export interface ResealReport {
  /** The key every readable record is now sealed under. */
  keyId: string;
  resealed: number;
  alreadyCurrent: number;
  unreadable: { tenant: string; name: string; keyId: string | undefined }[];
  /** Deleted while the rotation ran. */
  gone: number;
}

/** A record that keeps changing under the rotation is read again this many times before the rotation gives up on it. */
const ATTEMPTS = 5;

/**
 * Seals every live record again under the key ring's first key, each by compare-and-set, so that
 * gateways keep serving (and may rotate credentials) meanwhile: a record that changed between read
 * and write is read again. The plaintext never leaves this function.
 */
export async function resealUnderCurrentKey(store: ConnectionStore, keyRing: KeyRing): Promise<ResealReport> {
  const report: ResealReport = { keyId: keyRing.currentKeyId, resealed: 0, alreadyCurrent: 0, unreadable: [], gone: 0 };
  const { connections } = await store.loadAll();
  for (const record of connections) await resealOne(store, keyRing, record, report);
  return report;
}

async function resealOne(store: ConnectionStore, keyRing: KeyRing, first: StoredConnection, report: ResealReport): Promise<void> {
  let record: StoredConnection | undefined = first;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (!record) {
      report.gone += 1;
      return;
    }
    const keyId = KeyRing.sealedKeyId(record.sealedCredentials);
    if (keyId === keyRing.currentKeyId) {
      report.alreadyCurrent += 1;
      return;
    }
    const associatedData = credentialsAssociatedData(record.tenant, record.name);
    const plaintext = keyRing.unseal(record.sealedCredentials, associatedData);
    if (plaintext === undefined) {
      report.unreadable.push({ tenant: record.tenant, name: record.name, keyId });
      return;
    }
    if (await store.reseal(record.tenant, record.name, record.sealedCredentials, keyRing.seal(plaintext, associatedData))) {
      report.resealed += 1;
      return;
    }
    record = await store.get(record.tenant, record.name);
  }
  throw new Error(
    `tenant ${JSON.stringify(first.tenant)} connection ${JSON.stringify(first.name)} changed ${ATTEMPTS} times during the rotation; run it again`,
  );
}
