import { dirname } from 'node:path';
import express, { type Router } from 'express';
import { exactRouter } from '../context';
import { documentSecurityHeaders } from '../security-headers';

const SWAGGER_UI = dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>usergate API</title>
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="api"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

// A file of its own, so that the Content-Security-Policy can forbid inline scripts.
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api', deepLinking: true });\n`;

/**
 * `/openapi.json` and `/docs` (Swagger UI served from its npm package: no CDN at run time). The
 * document is built on its first request, not at start: building it is a good part of a start.
 */
export function docsRouter(document: () => Record<string, unknown>): Router {
  const router = exactRouter();
  let body: string | undefined;
  router.use('/docs', documentSecurityHeaders);
  router.get('/openapi.json', (_req, res) => {
    body ??= JSON.stringify(document());
    res.type('application/json').send(body);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.use('/docs/assets', express.static(SWAGGER_UI, { index: false }));
  return router;
}
