import { createHash } from 'node:crypto';
import express, { type Router, type Request, type RequestHandler, type Response } from 'express';
import Joi from 'joi';
import { hasScope, requireScope, type Principal } from '../../auth/principal';
import { tenantClientKey } from '../../auth/tenant';
import { canonicalUserSchema, type ProviderUserFields } from '../../canonical/user';
import { callConnection } from '../../connections/call';
import { declaredResponse, type OperationDocument, type OperationInput, type ProviderOperation } from '../../connections/operations';
import type { AdapterDefinition } from '../../connections/adapter';
import type { Connection } from '../../connections/registry';
import type { TenantRegistry } from '../../connections/tenant-registry';
import type { AuditLog } from '../../audit/audit-log';
import { GatewayError, toGatewayError } from '../../errors';
import type { IdempotencyKeys } from '../../users/idempotency';
import { projectUser, toCanonicalUser } from '../../users/projection';
import { exactRouter, idempotencyKeySchema, inbound, rememberFailedRoute, requireJsonBody, validate } from '../context';

export interface OperationServices {
  idempotency: IdempotencyKeys;
  audit: AuditLog;
  /** Drops a user's cached copies: every write an operation makes about `:userId` may change it. */
  forgetUser(connection: Connection, providerUserId: string): Promise<void>;
}

/**
 * Serves provider-only operations under `/v1/connections/{connection}`: routes per adapter, from
 * its declarations, so that they hold for any connection of that adapter, whenever it was made. By
 * convention a `:userId` path parameter names a provider user: it is checked like any user id,
 * written down in the audit record, and a write through it drops that user's cached copies.
 */
export function operationsRouter(adapters: readonly AdapterDefinition[], registry: TenantRegistry, services: OperationServices): Router {
  const router = exactRouter();
  // A connection the token may not reach, or another tenant's, is, like a name that is not configured, a route that does not exist.
  router.param('connection', (_req, res, next, name: string) => {
    const { tenant, principal } = inbound(res);
    let connection: Connection | undefined;
    try {
      connection = registry.forTenant(tenant).visibleTo(principal).get(name);
    } catch (unusable) {
      // Disabled, or its credentials cannot be opened: 503, and the provider is never called.
      next(unusable);
      return;
    }
    res.locals.connection = connection;
    next(connection ? undefined : 'route');
  });
  for (const adapter of adapters) {
    const routes = exactRouter({ mergeParams: true });
    routes.use((_req, res, next) => {
      next(connectionOf(res).adapter === adapter ? undefined : 'router');
    });
    for (const operation of adapter.operations ?? []) {
      assertServable(adapter, operation);
      const method = operation.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      routes[method](operation.path, ...bodyParsers(operation), serve(operation.id, services));
    }
    routes.use(rememberFailedRoute);
    router.use('/:connection', routes);
  }
  return router;
}

function connectionOf(res: Response): Connection {
  return res.locals.connection as Connection;
}

/** A declaration the gateway could not serve faithfully fails at start-up, not on a request. */
function assertServable(adapter: AdapterDefinition, operation: ProviderOperation): void {
  if (/:connection\b/.test(operation.path)) throw new Error(`${adapter.name} operation ${operation.id}: :connection is the gateway's own path parameter`);
  if (declaredResponse(operation).kind === 'document' && !operation.idempotent) {
    throw new Error(`${adapter.name} operation ${operation.id}: a document response must be idempotent (it is never stored for replay)`);
  }
}

function bodyParsers(operation: ProviderOperation): RequestHandler[] {
  const body = operation.body;
  if (!body) return [];
  if (body.kind === 'json') return [requireJsonBody('application/json')];
  return [requireJsonBody(...body.contentTypes), express.raw({ type: body.contentTypes, limit: body.maxBytes })];
}

/** Runs the connection's own declaration of the operation (its handler, its schemas). */
function serve(operationId: string, services: OperationServices): RequestHandler {
  return async (req, res, next) => {
    const connection = connectionOf(res);
    const operation = connection.provider.operations?.find((candidate) => candidate.id === operationId);
    if (!operation) {
      next();
      return;
    }
    const action = `operation.${connection.name}.${operation.id}`;
    const context = inbound(res);
    let userIds: string[] = [];
    try {
      for (const scope of operation.scopes) requireScope(context.principal, scope);
      const input = readInput(req, operation);
      const userId = input.params.userId;
      if (userId) userIds = [`${connection.name}:${userId}`];
      const run = async () => {
        try {
          const result = await callConnection(connection, context, (call) => operation.handler(input, call));
          return { status: operation.successStatus ?? 200, body: present(connection, operation, result, context.principal) };
        } finally {
          if (userId && operation.method !== 'GET') await services.forgetUser(connection, userId);
        }
      };
      const key = req.get('idempotency-key');
      const outcome =
        key !== undefined && !operation.idempotent
          ? await services.idempotency.run(
              tenantClientKey(context.principal, context.tenant),
              validate(idempotencyKeySchema, key, 'header'),
              fingerprint(connection, operation, input),
              run,
            )
          : { ...(await run()), replayed: false };
      services.audit.record(context, { action, connections: [connection.name], userIds, fields: [], outcome: 'ok', status: outcome.status });
      send(res, operation, outcome);
    } catch (error) {
      const { status } = toGatewayError(error);
      services.audit.record(context, {
        action,
        connections: [connection.name],
        userIds,
        fields: [],
        outcome: status === 401 || status === 403 ? 'denied' : 'failed',
        status,
      });
      throw error;
    }
  };
}

const emptyObject = Joi.object<Record<string, unknown>>({});

function readInput(req: Request, operation: ProviderOperation): OperationInput {
  // `connection` is the gateway's own part of the path, resolved already.
  const params = Object.fromEntries(Object.entries(req.params).filter(([name]) => name !== 'connection'));
  return {
    params: operation.params ? readParams(operation.params, params) : {},
    query: validate(operation.query ?? emptyObject, req.query, 'query'),
    body: readBody(req, operation),
    contentType: operation.body?.kind === 'binary' ? matchedType(req, operation.body.contentTypes) : undefined,
  };
}

function matchedType(req: Request, contentTypes: string[]): string | undefined {
  const type = req.is(contentTypes);
  return typeof type === 'string' ? type : undefined;
}

/** A bad `:userId` is an invalid user id, like anywhere else in the API. */
function readParams(schema: Joi.ObjectSchema<Record<string, string>>, params: Record<string, unknown>): Record<string, string> {
  try {
    return validate(schema, params, 'path');
  } catch (error) {
    const invalid = error instanceof GatewayError ? (error.extensions?.invalidFields as { field: string }[] | undefined) : undefined;
    if (invalid?.some((field) => field.field === 'userId')) {
      throw new GatewayError('invalid_user_id', 'That is not a valid user id for this provider.', { extensions: (error as GatewayError).extensions });
    }
    throw error;
  }
}

function readBody(req: Request, operation: ProviderOperation): unknown {
  const body = operation.body;
  if (!body) return undefined;
  if (body.kind === 'json') return validate(body.schema, req.body, 'body');
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
    throw new GatewayError('invalid_request', `Send the body as ${body.contentTypes.join(' or ')}.`);
  }
  return req.body;
}

/** The handler's result as the declaration promises it, for this caller; anything else is the provider's fault. */
function present(connection: Connection, operation: ProviderOperation, result: unknown, principal: Principal): unknown {
  const response = declaredResponse(operation);
  switch (response.kind) {
    case 'none':
      return result;
    case 'json':
      return checked(connection, response.schema, result);
    case 'user':
      // `users:write` alone never reads a user: the write is answered without it.
      if (!hasScope(principal, 'users:read')) return undefined;
      return checked(connection, canonicalUserSchema, projectUser(toCanonicalUser(connection, result as ProviderUserFields), principal));
    case 'document': {
      const document = result as OperationDocument;
      const type = document.contentType.replace(/;.*/s, '').trim().toLowerCase();
      if (!response.contentTypes.includes(type) || Buffer.byteLength(document.content) > response.maxBytes) throw unexpectedAnswer(connection);
      return document;
    }
  }
}

function checked(connection: Connection, schema: Joi.Schema<unknown>, value: unknown): unknown {
  const result = schema.validate(value, { stripUnknown: true });
  if (result.error) throw unexpectedAnswer(connection);
  return result.value;
}

function unexpectedAnswer(connection: Connection): GatewayError {
  return new GatewayError('provider_error', 'The provider answered in a shape the gateway cannot describe.', {
    origin: 'provider',
    connection: connection.name,
  });
}

function fingerprint(connection: Connection, operation: ProviderOperation, input: OperationInput) {
  const body = Buffer.isBuffer(input.body) ? createHash('sha256').update(input.body).digest('base64') : input.body;
  return { connection: connection.name, operation: operation.id, params: input.params, query: input.query, body };
}

function send(res: Response, operation: ProviderOperation, outcome: { status: number; body: unknown; replayed: boolean }): void {
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  if (outcome.status === 204 || outcome.body === undefined) {
    res.status(outcome.status === 200 ? 204 : outcome.status).end();
    return;
  }
  if (declaredResponse(operation).kind === 'document') {
    const document = outcome.body as OperationDocument;
    res.status(outcome.status).type(document.contentType).send(document.content);
    return;
  }
  res.status(outcome.status).json(outcome.body);
}
