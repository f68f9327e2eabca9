import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { constantHeaders } from './constant-headers';

/**
 * The headers every API answer carries (JSON and problem+json): the set OWASP's REST Security Cheat
 * Sheet names for API responses, plus two it advises where an answer might be opened in a browser
 * (nothing loaded, no referrer sent) and Cross-Origin-Resource-Policy, so that no other site's page
 * can pull an answer into its own process as a resource. `Cache-Control: no-store` goes on every `/v1`
 * answer (context.ts `noStore`).
 *
 * Stricter than helmet's defaults where both speak (no framing at all, `X-Frame-Options: DENY`,
 * nothing loaded). helmet's other headers steer how a browser treats an HTML document (DNS
 * prefetching, downloads opened in place, the opener's window, the agent cluster, Flash and PDF
 * cross-domain policies), which a JSON answer is not: HTML pages (the console, the API docs) keep
 * helmet's whole set (`documentSecurityHeaders`). Six headers instead of twelve, and a
 * Content-Security-Policy of 42 bytes instead of 251, on every answer (bench/README.md).
 *
 * Names are kept in lower case (as HTTP/2 writes every name; HTTP/1.1 compares them without case),
 * here and wherever the hot path names a header: Node keys each header by its name in lower case,
 * and a name already in lower case is its own, where `Content-Security-Policy` would be lowered into
 * a new string to hash and look up on every answer, twice (about 5% of a cached read's instructions).
 */
const API_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['cross-origin-resource-policy', 'same-origin'],
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', 'max-age=31536000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
];

/**
 * helmet's security headers with its defaults, as helmet itself sets them, recorded once: helmet
 * runs a dozen middlewares per answer to set values that never change (its defaults read nothing
 * of the request).
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

const setApiHeaders = constantHeaders(API_SECURITY_HEADERS);
const setDocumentHeaders = constantHeaders([...recordHelmetHeaders()]);

/** Every answer's, written in one call from the set checked once (constant-headers.ts). */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  setApiHeaders(res);
  next();
};

/** An HTML page's: helmet's whole set, in place of the API's (a header of both sets takes helmet's value). */
export const documentSecurityHeaders: RequestHandler = (_req, res, next) => {
  setDocumentHeaders(res);
  next();
};
