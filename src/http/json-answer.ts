import type { Response } from 'express';

/**
 * The text of answers the gateway sends again and again: a cached user is one frozen object shared
 * by every read that hits it (`read-cache.ts`), so its JSON is written once, not on every hit.
 * Held weakly: the text goes when the cache lets go of the object.
 */
const texts = new WeakMap<object, { text: string; bytes: number }>();

function jsonOf(body: unknown): { text: string; bytes: number } {
  const frozen = typeof body === 'object' && body !== null && Object.isFrozen(body);
  const known = frozen ? texts.get(body) : undefined;
  if (known) return known;
  const text = JSON.stringify(body);
  const written = { text, bytes: Buffer.byteLength(text) };
  if (frozen) texts.set(body, written);
  return written;
}

/**
 * A JSON answer with the headers express's `res.json` writes, without what `res.json` does on every
 * call that the gateway's answers never need: the app's JSON settings looked up, the content type
 * parsed back to add its charset, a body over 1,000 characters copied into a Buffer to be measured,
 * a freshness check for validators the gateway never sets. For the hottest answer, the read of a user.
 */
export function sendJson(res: Response, body: unknown): void {
  const { text, bytes } = jsonOf(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', bytes);
  // A HEAD is answered with a GET's headers and no body (RFC 9110 §9.3.2).
  res.end(res.req.method === 'HEAD' ? undefined : text);
}
