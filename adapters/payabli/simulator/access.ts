import type { RequestHandler } from 'express';
import { sendFailure } from './envelope';
import type { SimulatedOAuth } from './oauth';

export interface SimulatedTokens {
  application: ReadonlySet<string>;
  organization: ReadonlySet<string>;
  /** Issues and checks the bearer tokens of OAuth clients. */
  oauth: SimulatedOAuth;
}

/**
 * Every call carries a known credential; `res.locals.tokenKind` says which kind it is, and
 * `res.locals.token` what the per-token limit counts. A bearer token acts as an application token
 * and is counted per OAuth client (a fresh token does not reset the limit).
 * NOTE: a call with a bearer token is decided by it alone, whatever `requestToken` says (a simulator choice:
 * the SDKs send the bearer token when both are configured, and nothing says how Payabli weighs the two).
 */
export function requireKnownToken(tokens: SimulatedTokens): RequestHandler {
  return (req, res, next) => {
    const bearer = /^Bearer (\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (bearer !== undefined) {
      const clientId = tokens.oauth.clientOf(bearer);
      if (clientId === undefined) {
        sendFailure(res, 401, { responseText: 'Unauthorized', explanation: 'The bearer token is not valid or has expired.' });
        return;
      }
      res.locals.token = `client:${clientId}`;
      res.locals.tokenKind = 'application';
      next();
      return;
    }
    const token = req.get('requestToken') ?? '';
    const kind = tokens.application.has(token) ? 'application' : tokens.organization.has(token) ? 'organization' : undefined;
    if (!kind) {
      sendFailure(res, 401, { responseText: 'Unauthorized', explanation: 'The requestToken is missing or not valid.' });
      return;
    }
    res.locals.token = token;
    res.locals.tokenKind = kind;
    next();
  };
}

/** "User management needs an application token": organization tokens are refused there. */
export const requireApplicationToken: RequestHandler = (_req, res, next) => {
  if (res.locals.tokenKind === 'application') {
    next();
    return;
  }
  sendFailure(res, 401, { responseText: 'Unauthorized', explanation: 'This endpoint requires an application token.' });
};

/** Payabli's per-token limit (200 a minute), over fixed one-minute windows. */
export function limitPerToken(requestsPerMinute: number, now: () => number = Date.now): RequestHandler {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return (_req, res, next) => {
    const token = res.locals.token as string;
    const current = windows.get(token);
    const window = current && now() - current.startedAt < 60_000 ? current : { startedAt: now(), count: 0 };
    window.count += 1;
    windows.set(token, window);
    if (window.count <= requestsPerMinute) {
      next();
      return;
    }
    res.setHeader('Retry-After', String(Math.ceil((window.startedAt + 60_000 - now()) / 1000)));
    sendFailure(res, 429, { responseText: 'Too many requests' });
  };
}
