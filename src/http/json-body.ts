import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';

/** body-parser turns an error thrown while verifying into an HTTP error of this type (see problem.ts). */
const invalid = (type: string, message: string) => Object.assign(new Error(message), { type });

/**
 * JSON request bodies: UTF-8 only (RFC 8259 §8.1), each byte checked before parsing. A decoder
 * would replace a malformed sequence with U+FFFD and the request would go on, its text silently
 * changed; here it is refused instead.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  return express.json({
    limit: limitBytes,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, bytes, encoding) => {
      if (encoding.toLowerCase() !== 'utf-8') throw invalid('charset.unsupported', 'JSON is read as UTF-8 only');
      if (!isUtf8(bytes)) throw invalid('encoding.invalid', 'the body is not valid UTF-8');
    },
  });
}
