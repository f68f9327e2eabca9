import type { AdapterDefinition, RunningSimulator } from '../../src/connections/adapter';
import { sealCredentials } from '../../src/connections/credentials';
import type { StoredConnection, StoredConnectionChanges } from '../../src/connections/store/types';
import type { StoredConnections } from '../../src/connections/stored-connections';

/**
 * Writes to the connection store as the admin API does (credentials sealed with the key ring), then
 * waits until this instance's catalog has the change. Another instance learns of it on its own.
 */
export interface StoredConnectionInput {
  tenant: string;
  name: string;
  adapter: AdapterDefinition;
  /** The simulator it points at: its base URL, options and (unless given) credentials. */
  simulator: RunningSimulator;
  credentials?: Record<string, unknown>;
  enabled?: boolean;
  timeouts?: { attemptMs?: number; totalMs?: number };
}

export async function addStoredConnection(stored: StoredConnections, input: StoredConnectionInput, refresh = true): Promise<StoredConnection> {
  const record = await stored.store.create({
    tenant: input.tenant,
    name: input.name,
    adapter: input.adapter.name,
    baseUrl: input.simulator.baseUrl,
    options: input.simulator.options,
    timeouts: input.timeouts ?? {},
    enabled: input.enabled ?? true,
    ...sealCredentials(input.credentials ?? input.simulator.credentials, input.tenant, input.name, stored.keyRing),
  });
  if (refresh) await stored.catalog.refresh();
  return record;
}

/** A settings change; `credentials` in the clear are sealed here (a rotation). */
export async function changeStoredConnection(
  stored: StoredConnections,
  tenant: string,
  name: string,
  changes: Omit<StoredConnectionChanges, 'credentials'> & { credentials?: Record<string, unknown> },
  refresh = true,
): Promise<StoredConnection> {
  const { credentials, ...rest } = changes;
  const record = await stored.store.update(tenant, name, {
    ...rest,
    ...(credentials && { credentials: sealCredentials(credentials, tenant, name, stored.keyRing) }),
  });
  if (refresh) await stored.catalog.refresh();
  return record;
}

export async function removeStoredConnection(stored: StoredConnections, tenant: string, name: string, refresh = true): Promise<void> {
  await stored.store.delete(tenant, name);
  if (refresh) await stored.catalog.refresh();
}
