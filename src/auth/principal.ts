import { GatewayError } from '../errors';

export const SCOPES = ['users:read', 'users:write', 'users:pii', 'connections:admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** The client behind a request, as its verified token describes it. */
export interface Principal {
  subject: string;
  scopes: ReadonlySet<Scope>;
  /** Connections the token is limited to; null when it may reach every connection. */
  connections: ReadonlySet<string> | null;
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

export function requireConnection(principal: Principal, connection: string): void {
  if (!canReach(principal, connection)) {
    throw new GatewayError('forbidden', `This token may not reach connection "${connection}".`, { connection });
  }
}

/** A stable, order-free name for a principal's scope set: cache keys and coalescing use it. */
export function scopeKey(principal: Principal): string {
  return [...principal.scopes].sort().join(' ');
}
