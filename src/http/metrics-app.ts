import express, { type Express } from 'express';
import type { Metrics } from '../observability/metrics';

/**
 * Prometheus `/metrics`, served on a listener of its own (`metrics.port`, on `metrics.host`,
 * loopback by default): its labels name every connection, which the API port never tells a client.
 */
export function metricsApp(metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('case sensitive routing', true);
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}
