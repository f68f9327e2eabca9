import { GatewayError } from '../errors';

export const SCOPES = ['users:read', 'users:write', 'users:pii', 'connections:admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** The client behind a request, as its verified token describes it. */
export interface Principal {
  /** The token's `iss`: subjects are only unique per issuer. */
  issuer: string;
  subject: string;
  scopes: ReadonlySet<Scope>;
  /** Connections the token is limited to; null when it may reach every connection. */
  connections: ReadonlySet<string> | null;
  /** The `tenant` claim (DESIGN §8); undefined means the default tenant. */
  tenant: string | undefined;
  /** The `tenants` claim: tenants the token may pick per request, or every one. */
  tenants: ReadonlySet<string> | 'all' | undefined;
}

/**
 * The one key of per-client state (the client rate limit, idempotency keys): the same subject
 * from two issuers is two clients.
 */
export function clientKey(principal: Principal): string {
  return JSON.stringify([principal.issuer, principal.subject]);
}

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.has(scope);
}

export function requireScope(principal: Principal, scope: Scope): void {
  if (!hasScope(principal, scope)) {
    throw new GatewayError('forbidden', `This operation needs the "${scope}" scope.`);
  }
}

export function canReach(principal: Principal, connection: string): boolean {
  return principal.connections === null || principal.connections.has(connection);
}

/** A remembered token's principal is one object for all its requests: its scope key is made once. */
const scopeKeys = new WeakMap<Principal, string>();

/** A stable, order-free name for a principal's scope set: cache keys and coalescing use it. */
export function scopeKey(principal: Principal): string {
  let key = scopeKeys.get(principal);
  if (key === undefined) {
    key = [...principal.scopes].sort().join(' ');
    scopeKeys.set(principal, key);
  }
  return key;
}
