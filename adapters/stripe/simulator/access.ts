import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { invalidRequest, sendError } from './errors';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `prefix` and `length` random alphanumerics, as Stripe's ids (`cus_NffrFeUfNV2Hib`, `req_9PxdIqpqxGoVLF`). */
export function stripeId(prefix: string, length = 14): string {
  return prefix + Array.from(randomBytes(length), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/**
 * Headers on every answer (docs/providers/stripe-notes.md §3.3): the request's `Stripe-Version` and
 * `Idempotency-Key` echoed, as Stripe does (its `Request-Id` is sent by the server, on faults' answers too). Any version is accepted: the pinned
 * `2026-11-18.endive` as well as the spec's own `2023-08-16`.
 */
export const stripeHeaders: RequestHandler = (req, res, next) => {
  const version = req.get('stripe-version');
  if (version) res.setHeader('Stripe-Version', version);
  const key = req.get('idempotency-key');
  if (key && req.method === 'POST') res.setHeader('Idempotency-Key', key);
  next();
};

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/**
 * The secret key, as a bearer token (what the official SDK sends) or as the user name of HTTP
 * Basic with no password; anything else is a 401 whose message masks the key but its last four
 * characters (docs/providers/stripe-notes.md §5). `res.locals.apiKey` is the accepted key.
 */
export function requireSecretKey(keys: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    const key = presentedKey(req.get('authorization'));
    if (key !== undefined && keys.has(key)) {
      res.locals.apiKey = key;
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="Stripe"');
    sendError(res, 401, invalidRequest(key === undefined ? NO_KEY : `Invalid API Key provided: ${masked(key)}`));
  };
}

function presentedKey(authorization: string | undefined): string | undefined {
  const [scheme = '', credentials = ''] = (authorization ?? '').split(' ', 2);
  if (/^bearer$/i.test(scheme) && credentials) return credentials;
  if (/^basic$/i.test(scheme) && credentials) {
    const [user = ''] = Buffer.from(credentials, 'base64').toString('utf8').split(':', 1);
    return user || undefined;
  }
  return undefined;
}

/** `sk_test_****************************LDER`: the prefix and the last four characters, never more. */
function masked(key: string): string {
  const prefix = /^[a-z]{2}_(?:test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(4, key.length - prefix.length - 4))}${key.length > prefix.length + 8 ? key.slice(-4) : ''}`;
}
