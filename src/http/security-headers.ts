import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's security headers with its defaults, as helmet itself sets them, recorded once: helmet
 * runs a dozen middlewares per answer to set values that never change (its defaults read nothing
 * of the request). The gateway writes the recorded set in one call instead.
 */
function recordHelmetHeaders(): Map<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string) => headers.set(name, value),
    // helmet removes X-Powered-By, which the app never sets (`x-powered-by` disabled).
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  helmet()({ headers: {} } as unknown as IncomingMessage, recorder, () => undefined);
  return headers;
}

const recorded = recordHelmetHeaders();

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeaders(recorded);
  next();
};
