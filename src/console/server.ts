import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { exactRouter } from '../http/context';
import { documentSecurityHeaders } from '../http/security-headers';
import { GatewayError } from '../errors';
import { CONSOLE_PAGE } from './page';

/**
 * Where `npm run build` bundles the browser code: dist/console. The compiled server runs from
 * dist/src/console; under ts-jest this file runs from src/console.
 */
const ASSETS = [join(__dirname, '../../console'), join(__dirname, '../../dist/console')].find((dir) => existsSync(join(dir, 'console.js')));

/**
 * Stricter than the gateway's default: only the gateway's own files, nothing inline, no framing,
 * and calls back to the gateway only. The token lives in the page, so nothing else may run there.
 */
const CONSOLE_CSP = ["default-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"].join(
  '; ',
);

/** `/console`: the ops console page and its assets. No token is needed to load it; every search sends one. */
export function consoleRouter(): Router {
  const router = exactRouter();
  router.use(documentSecurityHeaders);
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    next();
  });
  router.get('/', (_req, res) => {
    if (!ASSETS) throw new GatewayError('not_found', 'This gateway was built without the console: run `npm run build`.');
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(CONSOLE_PAGE);
  });
  if (ASSETS) router.use('/assets', express.static(ASSETS, { index: false }));
  return router;
}
