import { answer, type ConnectionDescription, type GatewayAnswer, type GatewayClient } from './gateway-client';

/**
 * The admin API of connections (DESIGN §8) as the two ops tools call it: one small function per
 * route, each acting in one tenant (the `Usergate-Tenant` header, for tokens with a `tenants`
 * claim; none means the token's own). Credentials only ever go out: no answer carries them.
 */

export const TENANT_HEADER = 'Usergate-Tenant';

export type ConnectionState = 'active' | 'disabled' | 'credentials_rejected' | 'unreadable';

/** What a connection last failed with: a stable code and the provider's status, never its words. */
export interface ConnectionLastError {
  code: string;
  status?: number;
  at: string;
}

/** `GET /v1/connections[/{name}]` as a token with `connections:admin` reads it. */
export interface AdminConnection extends Omit<ConnectionDescription, 'health'> {
  /** No breaker yet for a stored connection that has not been opened (connections open on first use). */
  health: { breaker?: ConnectionDescription['health']['breaker'] };
  source?: 'declared' | 'stored';
  state?: ConnectionState;
  baseUrl?: string;
  options?: Record<string, unknown>;
  timeouts?: { attemptMs?: number; totalMs?: number };
  enabled?: boolean;
  /** Never the credentials themselves: which ones (a fingerprint) and since when. */
  credentials?: { fingerprint: string; updatedAt: string } | null;
  lastVerifiedAt?: string | null;
  lastError?: ConnectionLastError | null;
}

export type Credentials = Record<string, unknown>;

export interface NewConnection {
  name: string;
  adapter: string;
  baseUrl: string;
  credentials: Credentials;
  options?: Record<string, unknown>;
  enabled?: boolean;
}

/** A merge patch; `credentials` replaces the whole object (a rotation). */
export interface ConnectionPatch {
  baseUrl?: string;
  options?: Record<string, unknown>;
  enabled?: boolean;
  credentials?: Credentials;
}

/** `POST /v1/connections/{name}/verify`: one authenticated read-only call at the provider, now. */
export interface Verification {
  ok: boolean;
  checkedAt: string;
  /** The gateway's code and words; `providerError` is what the provider answered, when it answered. */
  error?: { code: string; detail?: string; providerError?: { status: number; code?: string } };
}

/** Creates and rotations verify the credentials live unless told not to. */
export interface WriteOptions {
  verify?: boolean;
}

export function listConnections(client: GatewayClient, tenant?: string): Promise<GatewayAnswer<{ data: AdminConnection[] }>> {
  return answer(client.gateway.GET('/v1/connections', { params: { header: tenantHeader(tenant) } }));
}

export function getConnection(client: GatewayClient, name: string, tenant?: string): Promise<GatewayAnswer<AdminConnection>> {
  return answer(client.gateway.GET('/v1/connections/{name}', { params: { path: { name }, header: tenantHeader(tenant) } }));
}

export function createConnection(
  client: GatewayClient,
  connection: NewConnection,
  tenant?: string,
  { verify = true }: WriteOptions = {},
): Promise<GatewayAnswer<AdminConnection>> {
  return answer(client.gateway.POST('/v1/connections', { body: connection, params: { header: tenantHeader(tenant), ...verifyQuery(verify) } }));
}

export function updateConnection(
  client: GatewayClient,
  name: string,
  patch: ConnectionPatch,
  tenant?: string,
  { verify = true }: WriteOptions = {},
): Promise<GatewayAnswer<AdminConnection>> {
  return answer(
    client.gateway.PATCH('/v1/connections/{name}', { body: patch, params: { path: { name }, header: tenantHeader(tenant), ...verifyQuery(verify) } }),
  );
}

export function deleteConnection(client: GatewayClient, name: string, tenant?: string): Promise<GatewayAnswer<undefined>> {
  return answer(client.gateway.DELETE('/v1/connections/{name}', { params: { path: { name }, header: tenantHeader(tenant) } }));
}

export function verifyConnection(client: GatewayClient, name: string, tenant?: string): Promise<GatewayAnswer<Verification>> {
  return answer(client.gateway.POST('/v1/connections/{name}/verify', { params: { path: { name }, header: tenantHeader(tenant) } }));
}

function tenantHeader(tenant: string | undefined): { [TENANT_HEADER]?: string } {
  return tenant ? { [TENANT_HEADER]: tenant } : {};
}

/** Only `verify=false` is sent: verifying is the gateway's default. */
function verifyQuery(verify: boolean): { query?: { verify: false } } {
  return verify ? {} : { query: { verify: false } };
}
