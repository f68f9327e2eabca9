import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { constantHeaders } from './constant-headers';

/**
 * helmet's security headers with its defaults, as helmet itself sets them, recorded once: helmet
 * runs a dozen middlewares per answer to set values that never change (its defaults read nothing
 * of the request). The gateway writes the recorded set in one call instead, checked once
 * (constant-headers.ts).
 *
 * Names are kept in lower case (as HTTP/2 writes every name; HTTP/1.1 compares them without case),
 * here and wherever the hot path names a header: Node keys each header by its name in lower case,
 * and a name already in lower case is its own, where `Content-Security-Policy` would be lowered into
 * a new string to hash and look up on every answer, twice (about 5% of a cached read's instructions).
 */
function recordHelmetHeaders(): Map<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
    // helmet removes X-Powered-By, which the app never sets (`x-powered-by` disabled).
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  helmet()({ headers: {} } as unknown as IncomingMessage, recorder, () => undefined);
  return headers;
}

const setSecurityHeaders = constantHeaders([...recordHelmetHeaders()]);

export const securityHeaders: RequestHandler = (_req, res, next) => {
  setSecurityHeaders(res);
  next();
};
