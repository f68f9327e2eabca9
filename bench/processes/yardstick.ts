import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { sendToParent } from './ipc';
import type { YardstickKind } from './yardsticks';

/**
 * The yardsticks for cached reads, each alone in its process like the gateway: a bare `node:http`
 * hello-world (the target's reference), and express 5 with helmet answering the same (the floor of
 * the framework the gateway is built on).
 */
function handler(kind: YardstickKind): RequestListener {
  if (kind === 'node-http') return (_request, response) => response.end('hello world');
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.get('/', (_request, response) => {
    response.send('hello world');
  });
  return app;
}

const kind = process.argv[2];
if (kind !== 'node-http' && kind !== 'express') throw new Error(`a yardstick is node-http or express, not ${kind ?? 'nothing'}`);
const server = createServer(handler(kind));
server.listen(0, '127.0.0.1', () => sendToParent((server.address() as AddressInfo).port));
process.on('disconnect', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
