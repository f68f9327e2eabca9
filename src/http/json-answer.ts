import type { Response } from 'express';
import { rememberedForFrozen } from '../cache/frozen-memo';
import { constantHeaders } from './constant-headers';

/**
 * A cached user's JSON, written and encoded once, not on every hit on it. Kept as UTF-8 bytes: a
 * name such as `Eglė` makes the whole text a two-byte string, which Node would otherwise encode on
 * every answer. The bytes are a buffer of their own (`allocUnsafeSlow`): a slice of Node's shared
 * pool would keep the whole 8 KiB pool alive for as long as the entry lives.
 */
const encodedOnce = rememberedForFrozen<object, Buffer>((body) => {
  const text = JSON.stringify(body);
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
});

/**
 * Bytes, never text, for a user just read from the provider too: Node would put the answer's text
 * after its headers' into one string, and a two-byte body (a name such as `Eglė`) made that whole
 * string two-byte, copied and measured twice before it was encoded (2.4% of a cache miss's
 * instructions, bench/README.md). As bytes, the headers go out as they are, beside the body.
 */
const jsonOf = (body: unknown): Buffer =>
  typeof body === 'object' && body !== null && Object.isFrozen(body) ? encodedOnce(body) : Buffer.from(JSON.stringify(body));

const setJsonType = constantHeaders([['content-type', 'application/json; charset=utf-8']]);

/**
 * A JSON answer with the headers express's `res.json` writes, without what `res.json` does on every
 * call that the gateway's answers never need: the app's JSON settings looked up, the content type
 * parsed back to add its charset, a body over 1,000 characters copied into a Buffer to be measured,
 * a freshness check for validators the gateway never sets. For the hottest answer, the read of a user.
 */
export function sendJson(res: Response, body: unknown): void {
  const json = jsonOf(body);
  // Names in lower case: see security-headers.ts.
  setJsonType(res);
  res.setHeader('content-length', json.length);
  // A HEAD is answered with a GET's headers and no body (RFC 9110 §9.3.2).
  res.end(res.req.method === 'HEAD' ? undefined : json);
}
