import { createHash } from 'node:crypto';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import Joi from 'joi';
import { requireConnection, requireScope } from '../../auth/principal';
import { callConnection } from '../../connections/call';
import type { ProviderOperation } from '../../connections/operations';
import type { Connection, ConnectionRegistry } from '../../connections/registry';
import { GatewayError } from '../../errors';
import type { IdempotencyKeys } from '../../users/idempotency';
import { inbound, rememberFailedRoute, requireJsonBody, validate } from '../context';

/** Serves every connection's provider-only operations under `/v1/connections/{connection}`. */
export function operationsRouter(connections: ConnectionRegistry, idempotency: IdempotencyKeys): Router {
  const router = Router();
  for (const connection of connections.list()) {
    const routes = Router({ mergeParams: true });
    for (const operation of connection.provider.operations ?? []) {
      const method = operation.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      routes[method](operation.path, ...bodyParsers(operation), serve(connection, operation, idempotency));
    }
    routes.use(rememberFailedRoute);
    router.use(`/${connection.name}`, routes);
  }
  return router;
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
    const input = {
      params: operation.params ? validate(operation.params, req.params, 'path') : {},
      query: validate(operation.query ?? emptyObject, req.query, 'query'),
      body: readBody(req, operation),
      contentType: operation.body?.kind === 'binary' ? req.get('content-type') : undefined,
    };
    const run = async () => {
      const result = await callConnection(connection, context, (call) => operation.handler(input, call));
      return { status: operation.successStatus ?? 200, body: checkResponse(operation, result) };
    };
    const key = req.get('idempotency-key');
    const outcome =
      key && !operation.idempotent
        ? await idempotency.run(context.principal.subject, key, fingerprint(connection, operation, input), run)
        : { ...(await run()), replayed: false };
    send(res, outcome);
  };
}

const emptyObject = Joi.object({});

function readBody(req: Request, operation: ProviderOperation): unknown {
  const body = operation.body;
  if (!body) return undefined;
  if (body.kind === 'json') return validate(body.schema, req.body, 'body');
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
    throw new GatewayError('invalid_request', `Send the body as ${body.contentTypes.join(' or ')}.`);
  }
  return req.body;
}

function checkResponse(operation: ProviderOperation, result: unknown): unknown {
  if (!operation.response) return result;
  const { value, error } = operation.response.validate(result, { stripUnknown: true });
  if (error) throw new GatewayError('provider_error', 'The provider answered in a shape the gateway cannot describe.', { origin: 'provider' });
  return value;
}

function fingerprint(connection: Connection, operation: ProviderOperation, input: { params: unknown; query: unknown; body: unknown }) {
  const body = Buffer.isBuffer(input.body) ? createHash('sha256').update(input.body).digest('base64') : input.body;
  return { connection: connection.name, operation: operation.id, params: input.params, query: input.query, body };
}

function send(res: Response, outcome: { status: number; body: unknown; replayed: boolean }): void {
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  if (outcome.status === 204 || outcome.body === undefined) {
    res.status(outcome.status === 200 ? 204 : outcome.status).end();
    return;
  }
  res.status(outcome.status).json(outcome.body);
}
