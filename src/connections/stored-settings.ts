import { gatewayConfigSchema, SAFE_MESSAGES, type ConnectionConfig } from '../config/schema';
import { GatewayError } from '../errors';
import type { KeyRing } from '../secrets/key-ring';
import type { AdapterDefinition } from './adapter';
import { unsealCredentials } from './credentials';
import type { StoredConnection } from './store/types';

/** Why a stored connection cannot be opened; each answers 503 `provider_unavailable` and never calls the provider. */
export type UnusableReason = 'disabled' | 'unreadable' | 'invalid';

const DETAIL: Record<UnusableReason, string> = {
  disabled: 'This connection is disabled.',
  unreadable:
    "This connection's credentials cannot be opened with the gateway's keys, so it is not called until the key they were sealed with is configured or they are rotated.",
  invalid: "This connection's stored settings are not valid for its adapter; an administrator must correct them.",
};

/** Thrown (as a GatewayError) by anything that tries to use a connection that cannot be used. */
export class UnusableConnectionError extends GatewayError {
  constructor(
    readonly reason: UnusableReason,
    connection: string,
  ) {
    super('provider_unavailable', DETAIL[reason], { connection, retryable: false });
  }
}

/** The config file's connection schema, for the defaults (retries, breaker, concurrency) of the settings a stored connection does not carry. */
const connectionsSchema = gatewayConfigSchema.extract('connections');

/**
 * A stored connection's settings as an opened connection needs them: its credentials unsealed with
 * the key ring, credentials and options checked by the adapter's schemas (their defaults applied),
 * its base URL and timeouts as stored, everything else the config file's defaults. Throws
 * UnusableConnectionError (`unreadable` when no configured key opens the credentials, `invalid`
 * when a schema refuses them), saying nothing of the values.
 */
export function storedConnectionConfig(record: StoredConnection, adapter: AdapterDefinition, keyRing: KeyRing): ConnectionConfig {
  const credentials = unsealCredentials(record, keyRing);
  if (!credentials) throw new UnusableConnectionError('unreadable', record.name);
  const validCredentials = adapter.credentialsSchema.validate(credentials, { messages: SAFE_MESSAGES });
  const validOptions = adapter.optionsSchema.validate(record.options, { messages: SAFE_MESSAGES });
  const settings = connectionsSchema.validate({
    stored: { adapter: adapter.name, baseUrl: record.baseUrl, timeouts: { ...record.timeouts } },
  }) as { value?: Record<'stored', ConnectionConfig>; error?: unknown };
  if (validCredentials.error || validOptions.error || settings.error || !settings.value) throw new UnusableConnectionError('invalid', record.name);
  return { ...settings.value.stored, credentials: validCredentials.value as Record<string, unknown>, options: validOptions.value as Record<string, unknown> };
}
