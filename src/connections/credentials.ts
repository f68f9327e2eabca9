import type { KeyRing } from '../secrets/key-ring';
import { canonicalJson } from './canonical-json';
import type { StoredConnection } from './store/types';

/** Where a sealed record belongs, authenticated with it: a record copied to another tenant or name no longer opens. */
export function credentialsAssociatedData(tenant: string, name: string): string {
  return `${tenant}/${name}`;
}

/** What the store keeps of a connection's credentials: the sealed blob and its fingerprint. */
export function sealCredentials(
  credentials: Record<string, unknown>,
  tenant: string,
  name: string,
  keyRing: KeyRing,
): { sealedCredentials: string; credentialsFingerprint: string } {
  return {
    sealedCredentials: keyRing.seal(JSON.stringify(credentials), credentialsAssociatedData(tenant, name)),
    credentialsFingerprint: credentialsFingerprint(credentials, keyRing),
  };
}

/** The credentials of a stored connection, or undefined when no configured key opens them (the connection is `unreadable`). */
export function unsealCredentials(
  record: Pick<StoredConnection, 'tenant' | 'name' | 'sealedCredentials'>,
  keyRing: KeyRing,
): Record<string, unknown> | undefined {
  const plaintext = keyRing.unseal(record.sealedCredentials, credentialsAssociatedData(record.tenant, record.name));
  if (plaintext === undefined) return undefined;
  try {
    const credentials = JSON.parse(plaintext) as unknown;
    return credentials !== null && typeof credentials === 'object' && !Array.isArray(credentials) ? (credentials as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const FINGERPRINT_LENGTH = 16;

/**
 * Tells whether credentials changed without showing them: a keyed hash (so it cannot be checked
 * against guesses without the key) of their canonical JSON, 96 bits of it. Computed when the
 * credentials are set and kept with them: re-sealing under a new key does not change it.
 */
export function credentialsFingerprint(credentials: Record<string, unknown>, keyRing: KeyRing): string {
  return keyRing.keyedHash('credentials-fingerprint', canonicalJson(credentials)).slice(0, FINGERPRINT_LENGTH);
}
