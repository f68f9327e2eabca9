import express, { type Express, type RequestHandler } from 'express';
import type { TokenVerifier } from '../auth/jwt';
import type { TrustProxy } from '../config/schema';
import type { AdapterDefinition } from '../connections/adapter';
import { consoleRouter } from '../console/server';
import type { ConnectionAdmin } from '../connections/admin';
import type { TenantRegistry } from '../connections/tenant-registry';
import type { StoredConnections } from '../connections/stored-connections';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../observability/metrics';
import type { Tracing } from '../observability/tracing';
import type { PeopleService } from '../people/service';
import type { UserOperations } from '../users/audited';
import type { AuthFailureLimit } from './auth-failures';
import { authenticate, exactRouter, noStore, refuseBodyOnReads, requestContext } from './context';
import { jsonBody } from './json-body';
import { errorHandler, notFoundHandler } from './problem';
import { securityHeaders } from './security-headers';
import { connectionsRouter } from './routes/connections';
import { docsRouter } from './routes/docs';
import { operationsRouter, type OperationServices } from './routes/operations';
import { peopleRouter } from './routes/people';
import { userReader, usersRouter } from './routes/users';
import { beforeRouting, preRouteUserReads } from './pre-router';

export interface Readiness {
  ready: boolean;
  status: 'ready' | 'draining' | 'not-ready';
  checks: Record<string, unknown>;
}

export interface AppDependencies {
  /** Every adapter: its provider-only operations are routed for any of its connections. */
  adapters: readonly AdapterDefinition[];
  users: UserOperations;
  people: PeopleService;
  /** Every tenant's connections: a request reaches its own tenant's only. */
  connections: TenantRegistry;
  /** Tenants' stored connections (the admin API writes them), when the gateway has a store. */
  storedConnections?: StoredConnections;
  operations: OperationServices;
  verifier: TokenVerifier;
  logger: Logger;
  metrics: Metrics;
  /** Per-client inbound rate limit, when configured. */
  clientRateLimit?: RequestHandler;
  /** Failed authentications per address, when limited. */
  authFailures?: AuthFailureLimit;
  bodyLimitBytes: number;
  /** Whose `X-Forwarded-For` gives the client's address (`server.trustProxy`). */
  trustProxy: TrustProxy;
  /** Whether reads say how the cache served them (`Cache-Status`). */
  cacheStatusHeader: boolean;
  readiness: () => Readiness;
  isDraining: () => boolean;
  /** Request spans, when tracing is on. */
  tracing?: Tracing;
  /** The OpenAPI document, built when first asked for. */
  openApi: () => Record<string, unknown>;
  /** The admin API's service: the tenant's connections, declared and stored. */
  connectionAdmin: ConnectionAdmin;
}

/** Builds the HTTP app without listening (tests drive it in-process through supertest). */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  // Before the first route: the app's router is made with this setting.
  app.set('case sensitive routing', true);
  app.disable('x-powered-by');
  // The client's address (req.ip), which failed authentications are counted by, behind the proxies the operator names.
  app.set('trust proxy', deps.trustProxy);
  app.set('etag', false);
  // Every request's handlers, in order; the first: the access log's listener then runs in the request's trace context.
  const front: RequestHandler[] = [
    ...(deps.tracing ? [deps.tracing.requestSpans] : []),
    requestContext(deps.logger, deps.metrics),
    (_req, res, next) => {
      // While draining, answer what is in flight but tell keep-alive clients not to send more here.
      if (deps.isDraining()) res.setHeader('Connection', 'close');
      next();
    },
    securityHeaders,
    refuseBodyOnReads,
  ];
  // And every `/v1` request's: only with the client known and within its rate is a body read.
  const v1Front: RequestHandler[] = [
    noStore,
    authenticate(deps.verifier, deps.authFailures),
    ...(deps.clientRateLimit ? [deps.clientRateLimit] : []),
    jsonBody(deps.bodyLimitBytes),
  ];
  const onError = errorHandler(deps.logger);
  const readUser = userReader(deps.users, (name, tenant) => deps.connections.forTenant(tenant).entry(name)?.adapter.fieldSources, {
    cacheStatusHeader: deps.cacheStatusHeader,
  });
  beforeRouting(app, preRouteUserReads([...front, ...v1Front], readUser, onError));
  app.use(front);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const { ready, ...readiness } = deps.readiness();
    res.status(ready ? 200 : 503).json(readiness);
  });
  app.use(docsRouter(deps.openApi));
  app.use('/console', consoleRouter());

  const v1 = exactRouter();
  v1.use(v1Front);
  v1.use('/users', usersRouter(deps.users, readUser));
  v1.use('/people', peopleRouter(deps.people));
  v1.use('/connections', connectionsRouter(deps.connectionAdmin));
  v1.use('/connections', operationsRouter(deps.adapters, deps.connections, deps.operations));
  app.use('/v1', v1);

  app.use(notFoundHandler);
  app.use(onError);
  return app;
}
