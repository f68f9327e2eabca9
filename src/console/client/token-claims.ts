/** What a tool may show about the token it holds. */
export interface TokenClaims {
  subject: string | null;
  scopes: string[];
  /** Connections the token is limited to; null when it reaches every connection. */
  connections: string[] | null;
  expiresAt: Date | null;
  /** The tenant it acts in without a Usergate-Tenant header (DESIGN §8). */
  tenant: string;
  /** Tenants it may pick per request (`*`: any); empty when it may pick none. */
  tenants: string[];
}

/** Where tokens without a `tenant` claim act, and the declared connections live. */
export const DEFAULT_TENANT = 'default';
export const ANY_TENANT = '*';

/**
 * Reads a JWT's claims WITHOUT verifying it: only the gateway can do that. The tools use them to
 * say who is signed in and to tell a field the token may not see from one the provider lacks.
 * Claims are read the way the gateway reads them (src/auth/jwt.ts): scopes space-separated or an array.
 */
export function readTokenClaims(token: string): TokenClaims | null {
  const payload = parsePayload(token);
  if (!payload) return null;
  return {
    subject: typeof payload.sub === 'string' ? payload.sub : null,
    scopes: stringList(payload.scope, ' '),
    connections: Array.isArray(payload.connections) ? stringList(payload.connections, ',') : null,
    expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
    tenant: typeof payload.tenant === 'string' ? payload.tenant : DEFAULT_TENANT,
    tenants: Array.isArray(payload.tenants) ? stringList(payload.tenants, ',') : [],
  };
}

/** Whether the gateway will send `nationalId`, `dateOfBirth` and `address` to this token. */
export function canSeePii(claims: TokenClaims | null): boolean {
  return claims?.scopes.includes('users:pii') ?? false;
}

function parsePayload(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const payload: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))));
    return payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function stringList(claim: unknown, separator: string): string[] {
  const items = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(separator) : [];
  return items
    .filter((item): item is string => typeof item === 'string')
    .map((item) => item.trim())
    .filter(Boolean);
}
