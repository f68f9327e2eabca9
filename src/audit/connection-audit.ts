import type { Logger } from '../logging/logger';

/** What happened to a connection (DESIGN §8). */
export type ConnectionEvent = 'connection.created' | 'connection.updated' | 'connection.deleted' | 'connection.verified' | 'connection.credentials_rejected';

export interface ConnectionAuditRecord {
  event: ConnectionEvent;
  tenant: string;
  connection: string;
  /** The token's `sub`; `gateway` when the gateway itself noticed (a provider refusing the credentials). */
  actor: string;
  /** The names of what changed (`baseUrl`, `options.pageSize`, `credentials`), never a value. */
  fields: string[];
  requestId?: string;
  /** For `connection.verified`: whether the provider accepted the credentials. */
  ok?: boolean;
}

/**
 * Changes to connections, one line each, on the audit stream (beside the user-data audit of
 * audit-log.ts): who changed what of which connection in which tenant, by name only.
 */
export class ConnectionAudit {
  constructor(private readonly logger: Logger) {}

  record(record: ConnectionAuditRecord): void {
    this.logger.info('audit', { log: 'audit', ...record });
  }
}
