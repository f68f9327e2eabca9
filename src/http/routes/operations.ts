import { createHash } from 'node:crypto';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import Joi from 'joi';
import { requireConnection, requireScope, type Principal } from '../../auth/principal';
import { canonicalUserSchema, type ProviderUserFields } from '../../canonical/user';
import { callConnection } from '../../connections/call';
import { declaredResponse, type OperationDocument, type OperationInput, type ProviderOperation } from '../../connections/operations';
import type { Connection, ConnectionRegistry } from '../../connections/registry';
import { GatewayError } from '../../errors';
import type { IdempotencyKeys } from '../../users/idempotency';
import { projectUser, toCanonicalUser } from '../../users/projection';
import { idempotencyKeySchema, inbound, rememberFailedRoute, requireJsonBody, validate } from '../context';

/** Serves every connection's provider-only operations under `/v1/connections/{connection}`. */
export function operationsRouter(connections: ConnectionRegistry, idempotency: IdempotencyKeys): Router {
  const router = Router();
  for (const connection of connections.list()) {
    const routes = Router({ mergeParams: true });
    for (const operation of connection.provider.operations ?? []) {
      assertServable(connection, operation);
      const method = operation.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      routes[method](operation.path, ...bodyParsers(operation), serve(connection, operation, idempotency));
    }
    routes.use(rememberFailedRoute);
    router.use(`/${connection.name}`, routes);
  }
  return router;
}

/** A declaration the gateway could not serve faithfully fails at start-up, not on a request. */
function assertServable(connection: Connection, operation: ProviderOperation): void {
  if (declaredResponse(operation).kind === 'document' && !operation.idempotent) {
    throw new Error(`${connection.adapter.name} operation ${operation.id}: a document response must be idempotent (it is never stored for replay)`);
  }
}

function bodyParsers(operation: ProviderOperation): RequestHandler[] {
  const body = operation.body;
  if (!body) return [];
  if (body.kind === 'json') return [requireJsonBody('application/json')];
  return [
    requireJsonBody(...body.contentTypes),
    express.raw({ type: body.contentTypes, limit: body.maxBytes }),
  ];
}


function serve(connection: Connection, operation: ProviderOperation, idempotency: IdempotencyKeys): RequestHandler {
  return async (req, res) => {
    const context = inbound(res);
    requireConnection(context.principal, connection.name);
    for (const scope of operation.scopes) requireScope(context.principal, scope);
    const input = readInput(req, operation);
    const run = async () => {
      const result = await callConnection(connection, context, (call) => operation.handler(input, call));
      return { status: operation.successStatus ?? 200, body: present(connection, operation, result, context.principal) };
    };
    const key = req.get('idempotency-key');
    const outcome =
      key !== undefined && !operation.idempotent
        ? await idempotency.run(context.principal.subject, validate(idempotencyKeySchema, key, 'header'), fingerprint(connection, operation, input), run)
        : { ...(await run()), replayed: false };
    send(res, operation, outcome);
  };
}

const emptyObject = Joi.object({});

function readInput(req: Request, operation: ProviderOperation): OperationInput {
  return {
    params: operation.params ? validate(operation.params, req.params, 'path') : {},
    query: validate(operation.query ?? emptyObject, req.query, 'query'),
    body: readBody(req, operation),
    contentType: operation.body?.kind === 'binary' ? req.is(operation.body.contentTypes) || undefined : undefined,
  };
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
      return checked(connection, canonicalUserSchema, projectUser(toCanonicalUser(connection, result as ProviderUserFields), principal));
    case 'document': {
      const document = result as OperationDocument;
      const type = document.contentType.split(';')[0]!.trim().toLowerCase();
      if (!response.contentTypes.includes(type) || Buffer.byteLength(document.content) > response.maxBytes) throw unexpectedAnswer(connection);
      return document;
    }
  }
}

function checked(connection: Connection, schema: Joi.Schema, value: unknown): unknown {
  const { value: valid, error } = schema.validate(value, { stripUnknown: true });
  if (error) throw unexpectedAnswer(connection);
  return valid;
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
