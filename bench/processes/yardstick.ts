import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { sendToParent } from './ipc';
import { RECORDED_ANSWER_VARIABLE, type RecordedAnswer, type YardstickKind } from './yardsticks';

/**
 * The yardsticks for cached reads, each alone in its process like the gateway: a bare `node:http`
 * hello-world (the target's reference), express 5 with helmet answering the same (the floor of
 * the framework the gateway is built on), and `node:http` sending what the gateway sends for the
 * read (its headers, set one by one as the gateway sets them, a fresh request id, the same body):
 * what writing that answer costs Node itself, none of the gateway's work.
 */
function handler(kind: YardstickKind): RequestListener {
  if (kind === 'node-http') return (_request, response) => response.end('hello world');
  if (kind === 'same-answer') {
    const { headers, body } = JSON.parse(process.env[RECORDED_ANSWER_VARIABLE] ?? '') as RecordedAnswer;
    return (_request, response) => {
      for (const [name, value] of headers) response.setHeader(name, value);
      response.setHeader('X-Request-Id', randomUUID());
      response.end(body);
    };
  }
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.get('/', (_request, response) => {
    response.send('hello world');
  });
  return app;
}

const kind = process.argv[2];
if (kind !== 'node-http' && kind !== 'express' && kind !== 'same-answer')
  throw new Error(`a yardstick is node-http, express or same-answer, not ${kind ?? 'nothing'}`);
const server = createServer(handler(kind));
server.listen(0, '127.0.0.1', () => sendToParent((server.address() as AddressInfo).port));
process.on('disconnect', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
