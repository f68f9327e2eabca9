import type { AdminConnection, ConnectionLastError, Verification } from './connections-admin';
import { MISSING } from './user-fields';

/**
 * How the ops tools word a connection's state and health, the same in the console and the CLI.
 * Times stay as the gateway sends them (RFC 3339, UTC): unambiguous in a ticket or a log.
 */

/** Its state; a gateway without the admin API (or a token without `connections:admin`) says none. */
export function stateLabel(connection: AdminConnection): string {
  return connection.state?.replace('_', ' ') ?? MISSING;
}

export function lastVerifiedLabel(connection: AdminConnection): string {
  return connection.lastVerifiedAt ?? MISSING;
}

export function lastErrorLabel(error: ConnectionLastError | null | undefined): string {
  if (!error) return MISSING;
  return `${error.code}${error.status === undefined ? '' : ` (${error.status})`} at ${error.at}`;
}

export function credentialsLabel(connection: AdminConnection): string {
  const { credentials } = connection;
  if (credentials) return `fingerprint ${credentials.fingerprint}, set ${credentials.updatedAt}`;
  return connection.source === 'declared' ? 'in the config file' : MISSING;
}

/** One sentence on a verify call: accepted, or what the provider said instead. */
export function describeVerification(name: string, verification: Verification): string {
  if (verification.ok) return `${name}: the provider accepted the credentials (checked ${verification.checkedAt}).`;
  const { error } = verification;
  if (!error) return `${name}: the credentials were not confirmed (checked ${verification.checkedAt}).`;
  const said = error.providerError
    ? ` (the provider answered ${error.providerError.status}${error.providerError.code ? ` ${error.providerError.code}` : ''})`
    : '';
  return `${name}: the credentials were not confirmed: ${error.code}${said}${error.detail ? `, ${error.detail}` : ''} (checked ${verification.checkedAt}).`;
}
