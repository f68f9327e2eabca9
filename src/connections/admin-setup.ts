import { ConnectionAudit } from '../audit/connection-audit';
import type { GatewayConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../observability/metrics';
import type { KeyRing } from '../secrets/key-ring';
import type { AdapterDefinition } from './adapter';
import { ConnectionAdmin } from './admin';
import { BaseUrlPolicy } from './base-url-policy';
import { CredentialHealth } from './health';
import type { ConnectionRegistry } from './registry';
import { stateGauge } from './state';
import type { StoredConnections } from './stored-connections';
import { CredentialsVerifier } from './verify';

export interface ConnectionAdminSetup {
  config: GatewayConfig;
  adapters: readonly AdapterDefinition[];
  declared: ConnectionRegistry;
  stored?: StoredConnections;
  logger: Logger;
  /** The audit stream. */
  auditLogger: Logger;
  metrics: Metrics;
  keyRing: KeyRing;
}

/**
 * The admin side of stored connections, put together: the API's service and the credential
 * health that calls report provider refusals to (`CredentialHealth.refused`). Throws, before the
 * gateway listens, when `allowedBaseUrls` names an adapter that does not exist.
 */
export function setUpConnectionAdmin(setup: ConnectionAdminSetup): { admin: ConnectionAdmin; health?: CredentialHealth } {
  const audit = new ConnectionAudit(setup.auditLogger);
  const health = setup.stored && new CredentialHealth(setup.stored, audit, setup.logger);
  if (setup.stored) stateGauge(setup.metrics, setup.stored);
  const admin = new ConnectionAdmin({
    adapters: setup.adapters,
    declared: setup.declared,
    stored: setup.stored,
    baseUrls: new BaseUrlPolicy(setup.adapters, setup.config.allowedBaseUrls),
    verifier: new CredentialsVerifier({ logger: setup.logger, keyRing: setup.keyRing }),
    health,
    audit,
  });
  return { admin, health };
}
