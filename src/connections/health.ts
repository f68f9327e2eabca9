import type { ConnectionAudit } from '../audit/connection-audit';
import type { GatewayError } from '../errors';
import type { Logger } from '../logging/logger';
import type { Connection } from './registry';
import type { StoredConnections } from './stored-connections';
import type { Verification } from './verify';

/**
 * Whether a failed call says the provider refused the gateway's own credentials: a 401, or a 403
 * the adapter reads as a refusal of the connection (`provider_error`). A 403 it reads as this one
 * resource being out of the account's reach (`forbidden`: another user's record, a permission for
 * one endpoint) says nothing about the credentials.
 */
export function refusesCredentials(error: GatewayError): boolean {
  const status = error.providerError?.status;
  return error.origin === 'provider' && (status === 401 || (status === 403 && error.code === 'provider_error'));
}

/** A stored connection that reports the provider's refusals of its credentials to `health`. */
export function withCredentialHealth(connection: Connection, health: CredentialHealth): Connection {
  return { ...connection, credentialsRefused: (status) => void health.refused(connection.tenant, connection.name, status) };
}

/**
 * The health of stored connections' credentials (DESIGN §8), kept in the store so that every
 * instance shows it: `credentials_rejected` from the first refusal (audited once) until a rotation
 * (the store clears it) or a successful verify.
 */
export class CredentialHealth {
  /** Refusals being recorded here now: a burst of failing calls records (and audits) one. */
  private readonly recording = new Set<string>();

  constructor(
    private readonly stored: StoredConnections,
    private readonly audit: ConnectionAudit,
    private readonly logger: Logger,
  ) {}

  /** A provider refused a stored connection's credentials on a call (see `refusesCredentials`). */
  async refused(tenant: string, name: string, status: number): Promise<void> {
    const key = JSON.stringify([tenant, name]);
    const record = this.stored.catalog.get(tenant, name);
    if (record?.credentialsRejectedAt !== null || this.recording.has(key)) return;
    this.recording.add(key);
    const at = new Date().toISOString();
    try {
      await this.stored.store.recordHealth(tenant, name, { credentialsRejectedAt: at, lastError: { code: 'credentials_rejected', status, at } });
      this.audit.record({ event: 'connection.credentials_rejected', tenant, connection: name, actor: 'gateway', fields: ['state'] });
      await this.stored.catalog.refresh();
    } catch (error) {
      this.logger.warn('could not record that a provider refused credentials', { tenant, connection: name, error: (error as Error).message });
    } finally {
      this.recording.delete(key);
    }
  }

  /** What a verify found, kept with the connection; a refusal marks it rejected (audited when it was not before), a success clears that. */
  async verified(tenant: string, name: string, verification: Verification, requestId?: string): Promise<void> {
    const record = this.stored.catalog.get(tenant, name);
    if (!record) return;
    const at = verification.checkedAt;
    if (verification.ok) {
      await this.stored.store.recordHealth(tenant, name, { lastVerifiedAt: at, credentialsRejectedAt: null, lastError: null });
    } else {
      const status = verification.error.providerError?.status;
      const rejected = refusesCredentials(verification.error);
      await this.stored.store.recordHealth(tenant, name, {
        lastError: { code: rejected ? 'credentials_rejected' : verification.error.code, ...(status !== undefined && { status }), at },
        ...(rejected && { credentialsRejectedAt: record.credentialsRejectedAt ?? at }),
      });
      if (rejected && record.credentialsRejectedAt === null) {
        this.audit.record({ event: 'connection.credentials_rejected', tenant, connection: name, actor: 'gateway', fields: ['state'], requestId });
      }
    }
    await this.stored.catalog.refresh();
  }
}
