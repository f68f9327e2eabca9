import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { RecordedRequest } from '../connections/adapter';
import { FaultController } from './faults';

export interface ServingSimulator {
  /** `http://host:port`, without a path. */
  origin: string;
  port: number;
  /** Every request the simulator received, in order (tests count upstream calls with it). */
  requests: RecordedRequest[];
  faults: FaultController;
  close(): Promise<void>;
}

export interface ServeOptions {
  port?: number;
  host?: string;
  /** The provider's documented error body for a status, which the fault knobs answer with (an empty body without it). */
  errorBody?: (status: number) => unknown;
  /** The provider's own request id, on every answer: the fault knobs' too, as the provider's edge sends it on its errors. */
  requestId?: SimulatedRequestId;
}

export interface SimulatedRequestId {
  /** The response header, as the provider spells it. */
  header: string;
  /** A fresh id in the provider's format. */
  make: () => string;
}

/** Serves a simulator app on loopback (port 0 picks a free one) until closed. */
export function serveSimulator(app: Express, options: ServeOptions = {}): Promise<ServingSimulator> {
  const host = options.host ?? '127.0.0.1';
  const requests: RecordedRequest[] = [];
  const faults = new FaultController(options.errorBody);
  const outer = express();
  outer.disable('x-powered-by');
  outer.use('/__faults', express.json());
  outer.use((req, _res, next) => {
    const query = req.originalUrl.split('?')[1];
    if (req.path !== '/__faults') requests.push({ method: req.method, path: req.path, ...(query && { query }) });
    next();
  });
  const { requestId } = options;
  if (requestId) {
    outer.use((_req, res, next) => {
      res.setHeader(requestId.header, requestId.make());
      next();
    });
  }
  outer.use(faults.middleware());
  outer.use(app);
  return new Promise((resolve, reject) => {
    const server: Server = outer.listen(options.port ?? 0, host, (error?: Error) => {
      if (error) {
        reject(error);
        return;
      }
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://${host}:${port}`,
        port,
        requests,
        faults,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
