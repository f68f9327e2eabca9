import type { Response } from 'express';
import { rememberedForFrozen } from '../cache/frozen-memo';

interface JsonText {
  text: string;
  bytes: number;
}

const written = (body: unknown): JsonText => {
  const text = JSON.stringify(body);
  return { text, bytes: Buffer.byteLength(text) };
};

/** A cached user's JSON is written once, not on every hit on it. */
const writtenOnce = rememberedForFrozen<object, JsonText>(written);

const jsonOf = (body: unknown): JsonText => (typeof body === 'object' && body !== null ? writtenOnce(body) : written(body));

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
