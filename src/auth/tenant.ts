import { GatewayError } from '../errors';
import { clientKey, type Principal } from './principal';

/** A tenant id (DESIGN §8). */
export const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Where declared connections live, and the tenant of every token without a `tenant` claim. */
export const DEFAULT_TENANT = 'default';

/** The header with which a token holding a `tenants` claim picks the tenant of one request. */
export const TENANT_HEADER = 'Usergate-Tenant';

/**
 * The one tenant a request acts in (DESIGN §8): the token's own (`tenant`, else `default`), or the
 * one `Usergate-Tenant` names when the token's `tenants` claim allows it. Naming a tenant the token
 * may not use is refused rather than ignored, so a mistaken header never reads another tenant's
 * data as if it were the intended one.
 */
export function selectTenant(principal: Principal, requested: string | undefined): string {
  const own = principal.tenant ?? DEFAULT_TENANT;
  if (requested === undefined || requested === own) return own;
  if (!TENANT_ID.test(requested)) {
    throw new GatewayError('invalid_request', `The ${TENANT_HEADER} header is a tenant id: lower-case letters, digits and dashes, at most 64.`);
  }
  const tenants = principal.tenants;
  if (tenants === 'all' || tenants?.has(requested)) return requested;
  throw new GatewayError('forbidden', `This token may not act in the tenant that ${TENANT_HEADER} names.`);
}

/**
 * The key of a client's state within a tenant (idempotency keys, the client rate limit): a client
 * acting in two tenants has two. The default tenant keeps the key it always had.
 */
export function tenantClientKey(principal: Principal, tenant: string): string {
  return tenant === DEFAULT_TENANT ? clientKey(principal) : JSON.stringify([principal.issuer, principal.subject, tenant]);
}
