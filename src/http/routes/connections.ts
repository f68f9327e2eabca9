import type { RequestHandler, Router } from 'express';
import Joi from 'joi';
import { hasScope, requireScope, type Principal } from '../../auth/principal';
import type { ConnectionAdmin } from '../../connections/admin';
import { verifyQuerySchema } from '../../connections/admin-input';
import { GatewayError } from '../../errors';
import { exactRouter, inbound, rememberFailedRoute, requireJsonBody, validate } from '../context';

const noQuery = Joi.object({});

/** The connections of the request's tenant (DESIGN §8): listed and read with `users:read` or `connections:admin`, changed with `connections:admin`. */
export function connectionsRouter(admin: ConnectionAdmin): Router {
  const router = exactRouter();

  router.get('/', (_req, res) => {
    const context = inbound(res);
    requireAnyScope(context.principal);
    res.json({ data: admin.list(context) });
  });

  router.post('/', adminOnly, requireJsonBody(), async (req, res) => {
    const { verify } = validate(verifyQuerySchema, req.query, 'query');
    const created = await admin.create(inbound(res), req.body, { verify });
    res.status(201).location(`/v1/connections/${created.name}`).json(created);
  });

  router.get('/:name', (req, res) => {
    const context = inbound(res);
    requireAnyScope(context.principal);
    validate(noQuery, req.query, 'query');
    res.json(admin.get(context, req.params.name));
  });

  router.patch('/:name', adminOnly, requireJsonBody('application/merge-patch+json', 'application/json'), async (req, res) => {
    const { verify } = validate(verifyQuerySchema, req.query, 'query');
    res.json(await admin.update(inbound(res), String(req.params.name), req.body, { verify }));
  });

  router.delete('/:name', adminOnly, async (req, res) => {
    validate(noQuery, req.query, 'query');
    await admin.remove(inbound(res), String(req.params.name));
    res.status(204).end();
  });

  router.post('/:name/verify', adminOnly, async (req, res) => {
    validate(noQuery, req.query, 'query');
    res.json(await admin.verify(inbound(res), String(req.params.name)));
  });

  router.use(rememberFailedRoute);
  return router;
}

/** Before a body is read: a token that may not change connections learns nothing more from one. */
const adminOnly: RequestHandler = (_req, res, next) => {
  requireScope(inbound(res).principal, 'connections:admin');
  next();
};

function requireAnyScope(principal: Principal): void {
  if (!hasScope(principal, 'users:read') && !hasScope(principal, 'connections:admin')) {
    throw new GatewayError('forbidden', 'Reading connections needs the "users:read" or "connections:admin" scope.');
  }
}
