import { randomUUID } from 'node:crypto';
import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import Joi from 'joi';
import type { TokenVerifier } from '../auth/jwt';
import { INVALID_TOKEN_DETAIL } from '../auth/jwt';
import type { Principal } from '../auth/principal';
import { selectTenant, TENANT_HEADER } from '../auth/tenant';
import type { AuthFailureLimit } from './auth-failures';
import { constantHeaders } from './constant-headers';
import { GatewayError } from '../errors';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../observability/metrics';
import type { UpstreamRateLimit } from '../upstream/rate-limit';
import type { InboundContext } from '../users/service';

const CLIENT_REQUEST_ID = /^[\w.:-]{1,64}$/;
const BEARER_TOKEN = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/;

/**
 * A router whose paths match exactly, case included: `/V1/users` is not `/v1/users`, as it is not
 * to a front proxy whose rules compare paths exactly (which a case-blind router would get around).
 */
export function exactRouter(options: { mergeParams?: boolean } = {}): Router {
  return Router({ ...options, caseSensitive: true });
}

/**
 * Gives every request an id (the client's `X-Request-Id` when it is sane), an abort signal that
 * fires when the client goes away, and one access-log line without query strings or bodies.
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  // One listener for every answer (`this`), rather than a closure made for each request.
  function whenClosed(this: Response): void {
    const { req, locals } = this;
    if (!this.writableFinished) (locals.abortController as AbortController).abort(new Error('client closed the connection'));
    const route = matchedRoute(req, this);
    const seconds = (performance.now() - (locals.startedAt as number)) / 1000;
    const labels = { route, method: req.method, status: String(this.statusCode) };
    metrics.requests.inc(labels);
    metrics.requestDuration.observe(labels, seconds);
    // One object, the message in it: winston's own fast path takes it as the entry (a message and
    // fields apart are merged into a new one, after a format-string test of the message).
    logger.info({
      message: 'request',
      requestId: locals.requestId as string,
      method: req.method,
      route,
      status: this.statusCode,
      ms: Math.round(seconds * 1000),
      client: (locals.principal as Principal | undefined)?.subject,
    });
  }
  return (req, res, next) => {
    const offered = req.get('x-request-id');
    const requestId = offered && CLIENT_REQUEST_ID.test(offered) ? offered : randomUUID();
    const controller = new AbortController();
    res.locals.startedAt = performance.now();
    res.locals.abortController = controller;
    res.locals.requestId = requestId;
    res.locals.abort = controller.signal;
    res.setHeader('x-request-id', requestId);
    res.on('close', whenClosed);
    next();
  };
}

/** The route a request matched, as a pattern (`/v1/users/:id`), or `unmatched`: for logs, metrics and traces. */
export function matchedRoute(req: Request, res: Response): string {
  return (res.locals.route as string | undefined) ?? routeOf(req);
}

/** The matched route pattern (`/v1/users/:id`), never the raw URL, which may carry an email. */
function routeOf(req: Request): string {
  // Express types the matched route as any: it is the Route that matched, or absent.
  const route = req.route as { path: unknown } | undefined;
  if (!route) return 'unmatched';
  const routePath = String(route.path);
  return routePath === '/' && req.baseUrl ? req.baseUrl : `${req.baseUrl}${routePath}`;
}

/**
 * Ends a router: remembers which of its routes failed before the error leaves it (express resets
 * `baseUrl` on the way out), so the access log still names the route.
 */
export const rememberFailedRoute: ErrorRequestHandler = (error, req, res, next) => {
  res.locals.route ??= routeOf(req);
  next(error);
};

const setNoStore = constantHeaders([['cache-control', 'no-store']]);

/** Answers that may carry personal data are kept by no cache on the way (a proxy, a browser). */
export const noStore: RequestHandler = (_req, res, next) => {
  setNoStore(res);
  next();
};

/**
 * A read carries no body. One that comes with a body is refused without reading it, and its
 * connection closed: no route that reads needs one, and none is parsed before a token is checked.
 */
export const refuseBodyOnReads: RequestHandler = (req, res, next) => {
  const announced = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
  if ((req.method === 'GET' || req.method === 'HEAD') && announced) {
    res.setHeader('Connection', 'close');
    throw new GatewayError('invalid_request', 'A GET carries no body.');
  }
  next();
};

/**
 * The token, checked before anything else of the request is read (its body included). A refused
 * request's connection is closed rather than kept alive, so that a body the client announced is
 * never waited for; failures count toward the address's `authFailureLimit`.
 */
export function authenticate(verifier: TokenVerifier, failures?: AuthFailureLimit): RequestHandler {
  return async (req, res, next) => {
    try {
      await failures?.refuseIfOver(req);
      const header = req.get('authorization') ?? '';
      const token = BEARER_TOKEN.exec(header)?.[1];
      if (!token) throw new GatewayError('unauthorized', INVALID_TOKEN_DETAIL);
      const principal = verifier.verify(token);
      res.locals.principal = principal;
      res.locals.tenant = selectTenant(principal, req.get(TENANT_HEADER));
    } catch (error) {
      res.setHeader('Connection', 'close');
      if (error instanceof GatewayError && error.code === 'unauthorized') await failures?.count(req);
      throw error;
    }
    next();
  };
}

export function inbound(res: Response): InboundContext {
  return {
    signal: res.locals.abort as AbortSignal,
    requestId: res.locals.requestId as string,
    principal: res.locals.principal as Principal,
    tenant: res.locals.tenant as string,
    reportRateLimit: (state) => upstreamRateLimitHeaders(res, state),
  };
}

/** The provider's rate-limit state under one set of names, whatever the provider calls it. */
function upstreamRateLimitHeaders(res: Response, state: UpstreamRateLimit): void {
  if (res.headersSent) return;
  if (state.limit !== undefined) res.setHeader('X-Upstream-RateLimit-Limit', String(state.limit));
  if (state.remaining !== undefined) res.setHeader('X-Upstream-RateLimit-Remaining', String(state.remaining));
  if (state.resetAt !== undefined) res.setHeader('X-Upstream-RateLimit-Reset', String(state.resetAt));
}

/** Validates one part of a request; every problem is listed, by path, in the 400's detail. */
export function validate<T>(schema: Joi.Schema<T>, value: unknown, part: string): T {
  const result = schema.validate(value, { abortEarly: false, convert: true });
  if (result.error) {
    const problems = result.error.details.map((detail) => ({ field: detail.path.join('.') || part, message: detail.message }));
    throw new GatewayError('invalid_request', `Invalid ${part}: ${problems.map((problem) => problem.message).join('; ')}.`, {
      extensions: { invalidFields: problems },
    });
  }
  return result.value;
}

/** `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): printable ASCII, at most 255 characters. */
export const idempotencyKeySchema = Joi.string()
  .min(1)
  .max(255)
  .pattern(/^[\x21-\x7e]+$/)
  .label('Idempotency-Key');

export function requireJsonBody(...types: string[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.is(types.length ? types : 'application/json')) {
      throw new GatewayError('invalid_request', `Send the body as ${types.join(' or ') || 'application/json'}.`, { status: 415 });
    }
    next();
  };
}
