import type { RequestHandler } from 'express';
import { sendFailure } from './envelope';

export interface SimulatedTokens {
  application: ReadonlySet<string>;
  organization: ReadonlySet<string>;
}

/** Every call carries a known `requestToken`; `res.locals.tokenKind` says which kind it is. */
export function requireKnownToken(tokens: SimulatedTokens): RequestHandler {
  return (req, res, next) => {
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
