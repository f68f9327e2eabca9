import type { RequestHandler, Router } from 'express';
import Joi from 'joi';
import { hasScope } from '../../auth/principal';
import { provenanceOf, type FieldSources } from '../../canonical/provenance';
import { createUserRequestSchema, e164Phone, userPatchSchema, type CreateUserRequest, type UserPatch } from '../../canonical/input';
import { cacheStatusHeader } from '../../cache/read-cache';
import type { UserOperations } from '../../users/audited';
import { ANSWER_LIMITS } from '../../limits';
import type { InboundContext, LookupRequest } from '../../users/service';
import { sendJson } from '../json-answer';
import { exactRouter, idempotencyKeySchema, inbound, rememberFailedRoute, requireJsonBody, validate } from '../context';

export const lookupQuerySchema = Joi.object<LookupRequest>({
  email: Joi.string().email({ tlds: false }).max(254),
  phone: e164Phone,
  nationalId: Joi.string().trim().min(1).max(64),
  nationality: Joi.string()
    .pattern(/^[a-zA-Z]{2}$/)
    .uppercase(),
  connections: Joi.string()
    .pattern(/^[\w-]+(,[\w-]+)*$/)
    .custom((value: string, helpers) => {
      const names = value.split(',');
      const seen = new Set<string>();
      const repeated = names.find((name) => seen.size === seen.add(name).size);
      if (repeated !== undefined) return helpers.error('connections.repeated', { name: repeated });
      return names.length > ANSWER_LIMITS.connectionsPerRequest ? helpers.error('connections.many', { max: ANSWER_LIMITS.connectionsPerRequest }) : names;
    })
    .messages({
      'connections.many': '{{#label}} may name at most {{#max}} connections',
      'connections.repeated': '{{#label}} names "{{#name}}" more than once',
    }),
}).unknown(false);

const getQuerySchema = Joi.object<{ include?: 'provenance' }>({ include: Joi.string().valid('provenance') });

/** A write answers with the user only to a client that may read users: `users:write` alone never reads one. */
const canRead = (context: InboundContext) => hasScope(context.principal, 'users:read');

/**
 * `GET /v1/users/{id}`. `sourcesOf(connection)`: the adapter's field sources, for `?include=provenance`.
 * `Cache-Status` goes out only when operators turn it on: a hit tells one client that another read the same user.
 */
export function userReader(
  users: UserOperations,
  sourcesOf: (connection: string, tenant: string) => FieldSources | undefined,
  { cacheStatusHeader: sendCacheStatus }: { cacheStatusHeader: boolean },
): RequestHandler {
  return async (req, res) => {
    // A read without a query (the usual one, pre-routed) has nothing for the query's schema to check.
    const { include } = req.url.includes('?') ? validate(getQuerySchema, req.query, 'query') : {};
    const context = inbound(res);
    const read = await users.get(String(req.params.id), context);
    if (sendCacheStatus) res.setHeader('cache-status', cacheStatusHeader(read));
    const user = read.value;
    sendJson(res, include === 'provenance' ? { ...user, provenance: provenanceOf(user, sourcesOf(user.connection, context.tenant)) } : user);
  };
}

/** Every users route; a plain read (no query) is usually taken before express routes it (`pre-router.ts`), by the same `readUser`. */
export function usersRouter(users: UserOperations, readUser: RequestHandler): Router {
  const router = exactRouter();

  router.get('/', async (req, res) => {
    res.json(await users.find(validate(lookupQuerySchema, req.query, 'query'), inbound(res)));
  });

  router.get('/:id', readUser);

  router.post('/', requireJsonBody('application/json'), async (req, res) => {
    const body = validate<CreateUserRequest>(createUserRequestSchema, req.body, 'body');
    const key = req.get('idempotency-key');
    const context = inbound(res);
    const outcome = await users.create(body, key === undefined ? undefined : validate(idempotencyKeySchema, key, 'header'), context);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res
      .status(outcome.status)
      .location(`/v1/users/${encodeURIComponent(outcome.user.id)}`)
      .json(canRead(context) ? outcome.user : { id: outcome.user.id });
  });

  router.patch('/:id', requireJsonBody('application/merge-patch+json', 'application/json'), async (req, res) => {
    const patch = validate<UserPatch>(userPatchSchema, req.body, 'body');
    const context = inbound(res);
    const user = await users.update(String(req.params.id), patch, context);
    if (canRead(context)) res.json(user);
    else res.status(204).end();
  });

  router.delete('/:id', async (req, res) => {
    await users.delete(req.params.id, inbound(res));
    res.status(204).end();
  });

  router.use(rememberFailedRoute);
  return router;
}
