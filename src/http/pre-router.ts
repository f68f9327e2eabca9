import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import { GatewayError } from '../errors';

/** `GET /v1/users/{id}` without a query: one path segment, exactly (a trailing slash, say, is left to express). */
const PLAIN_USER_READ = /^\/v1\/users\/([^/?]+)$/;

/** The route pre-routed reads are logged, counted and traced under, as express names it. */
const USER_READ_ROUTE = '/v1/users/:id';

/**
 * The hottest request, a read of one user with no query, taken without express's router. express
 * tries each request against every layer in turn (the app's, then `/v1`'s, then the users router's)
 * before it reaches the handler; this knows the route from the path at once. It then runs the very
 * handlers express runs for every `/v1` route, in the same order (context, headers, body refusal,
 * authentication, rate limit, body parsing), then the same read handler, and sends errors to the same
 * error handler: the matching is its own, nothing else is. Every other request (a query string, any
 * other route or method) goes on through express exactly as before.
 */
export function preRouteUserReads(handlers: readonly RequestHandler[], readUser: RequestHandler, onError: ErrorRequestHandler): RequestHandler {
  const chain = [...handlers, withIdParam(readUser)];
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !PLAIN_USER_READ.test(req.url)) {
      next();
      return;
    }
    let index = 0;
    const fail = (error: unknown) => {
      onError(error, req, res, next);
    };
    const step = (error?: unknown): void => {
      if (error !== undefined) {
        fail(error);
        return;
      }
      const handler = chain[index];
      index += 1;
      if (!handler) return;
      try {
        // As express 5 does: a handler's rejected promise is its error.
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.catch((rejection: unknown) => fail(rejection ?? new Error('Rejected promise')));
      } catch (thrown) {
        fail(thrown);
      }
    };
    step();
  };
}

/** express's entry for every request (`application.js`), which its types do not declare. */
interface FrontDoor {
  handle(req: Request, res: Response, callback?: (error?: unknown) => void): void;
}

/**
 * Puts `first` ahead of express's router. Each request is prepared as express's own `app.handle`
 * prepares it (the request and answer linked, express's request and response prototypes, new
 * `locals`; the gateway's own listener makes them with those prototypes, `express-objects.ts`), then
 * `first` takes it or passes it on to `app.handle`, which routes it as always. As the app's first
 * middleware instead, `first` was only reached through express's router: a final handler made, the
 * app's layer matched and the path trimmed on every read.
 */
export function beforeRouting(app: Express, first: RequestHandler): void {
  const door = app as unknown as FrontDoor;
  const routed = door.handle.bind(app);
  const { request, response } = app;
  door.handle = (req, res, callback) => {
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, request);
    Object.setPrototypeOf(res, response);
    res.locals = Object.create(null) as Record<string, unknown>;
    void first(req, res, () => {
      routed(req, res, callback);
    });
  };
}

/** Reads the id from the path as express's router would (percent-decoded; malformed is the client's error), and names the route. */
function withIdParam(readUser: RequestHandler): RequestHandler {
  return (req: Request, res, next) => {
    res.locals.route = USER_READ_ROUTE;
    const raw = PLAIN_USER_READ.exec(req.url)?.[1] ?? '';
    let id: string;
    try {
      id = raw.includes('%') ? decodeURIComponent(raw) : raw;
    } catch {
      throw new GatewayError('invalid_request', 'The request could not be read.');
    }
    req.params = { id };
    return readUser(req, res, next);
  };
}
