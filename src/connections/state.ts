import { Gauge } from 'prom-client';
import type { Metrics } from '../observability/metrics';
import { KeyRing } from '../secrets/key-ring';
import type { StoredConnections } from './stored-connections';
import type { ConnectionState, StoredConnection } from './store/types';

/**
 * What a stored connection can do now (DESIGN §8), most telling first: credentials no configured
 * key opens, then an operator's switch, then the provider's refusal of its credentials.
 */
export function storedConnectionState(
  record: Pick<StoredConnection, 'sealedCredentials' | 'enabled' | 'credentialsRejectedAt'>,
  keyRing: KeyRing,
): ConnectionState {
  if (!keyRing.keyIds.includes(KeyRing.sealedKeyId(record.sealedCredentials) ?? '')) return 'unreadable';
  if (!record.enabled) return 'disabled';
  return record.credentialsRejectedAt === null ? 'active' : 'credentials_rejected';
}

/** `usergate_stored_connections{state}`: stored connections counted by state, never named (per-connection detail is the API's). */
export function stateGauge(metrics: Metrics, stored: StoredConnections): Gauge<'state'> {
  return new Gauge({
    name: 'usergate_stored_connections',
    help: 'Stored connections by state: active, disabled, credentials_rejected, unreadable.',
    labelNames: ['state'] as const,
    registers: [metrics.registry],
    collect() {
      const counts: Record<ConnectionState, number> = { active: 0, disabled: 0, credentials_rejected: 0, unreadable: 0 };
      for (const record of stored.catalog.all()) counts[storedConnectionState(record, stored.keyRing)] += 1;
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
}
