import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendError } from './errors';

interface Saved {
  fingerprint: string;
  status: number;
  body: unknown;
}

/** Answers Stripe does not keep for a key: refused parameters, refused keys, rate limits, a request in flight (they may be retried). */
const NOT_SAVED = new Set([400, 401, 409, 429]);

/**
 * `Idempotency-Key` on POSTs (docs/providers/stripe-notes.md §3.4; docs.stripe.com/api/idempotent_requests):
 * the first request's status and body are saved and replayed to every repeat with the same key, with
 * `Idempotent-Replayed: true`; a repeat with other parameters or on another path is an
 * `idempotency_error` (400). Keys are per API key; GET and DELETE ignore them.
 */
export function idempotentPosts(): RequestHandler {
  const saved = new Map<string, Saved>();
  return (req, res, next) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || key === undefined) {
      next();
      return;
    }
    if (key.length > 255) {
      sendError(res, 400, { type: 'invalid_request_error', message: 'Idempotency keys are up to 255 characters long.', param: 'Idempotency-Key' });
      return;
    }
    const storeKey = `${String(res.locals.apiKey)}\n${key}`;
    const fingerprint = createHash('sha256')
      .update(`${req.path}\n${JSON.stringify(req.body ?? {})}`)
      .digest('base64url');
    const first = saved.get(storeKey);
    if (first) {
      if (first.fingerprint !== fingerprint) {
        sendError(res, 400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
        return;
      }
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(first.status).json(first.body);
      return;
    }
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (!NOT_SAVED.has(res.statusCode)) saved.set(storeKey, { fingerprint, status: res.statusCode, body });
      return json(body);
    };
    next();
  };
}
