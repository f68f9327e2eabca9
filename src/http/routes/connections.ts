import type { Router } from 'express';
import { hasScope, type Principal } from '../../auth/principal';
import { describeOperation } from '../../connections/operations';
import type { Connection } from '../../connections/registry';
import type { TenantRegistry } from '../../connections/tenant-registry';
import { GatewayError } from '../../errors';
import { exactRouter, inbound, rememberFailedRoute } from '../context';

export function connectionsRouter(registry: TenantRegistry): Router {
  const router = exactRouter();

  router.get('/', (_req, res) => {
    const { principal, tenant } = inbound(res);
    requireAnyScope(principal);
    const visible = registry.forTenant(tenant).visibleTo(principal).list();
    res.json({ data: visible.map((connection) => describe(connection, hasScope(principal, 'connections:admin'))) });
  });

  router.use(rememberFailedRoute);
  return router;
}

function requireAnyScope(principal: Principal): void {
  if (!hasScope(principal, 'users:read') && !hasScope(principal, 'connections:admin')) {
    throw new GatewayError('forbidden', 'Listing connections needs the "users:read" or "connections:admin" scope.');
  }
}

function describe(connection: Connection, admin: boolean) {
  const description: Record<string, unknown> = {
    name: connection.name,
    adapter: connection.adapter.name,
    docsUrl: connection.adapter.docsUrl,
    capabilities: {
      ...connection.capabilities,
      operations: (connection.provider.operations ?? []).map((operation) => describeOperation(connection.name, operation)),
    },
    health: { breaker: connection.http.breaker.state },
  };
  if (admin) description.baseUrl = connection.config.baseUrl;
  return description;
}
