import cluster, { type Worker } from 'node:cluster';
import { createServer, type Server } from 'node:http';
import { AggregatorRegistry } from 'prom-client';
import { adapters } from '../adapters';
import { ConfigError, loadConfigFile } from './config/load';
import type { GatewayConfig } from './config/schema';
import { gatewayExecArgv } from './heap';
import { createLogger, flushLogger } from './logging/logger';
import type { Metrics } from './observability/metrics';

/**
 * A worker serves the API only: the primary serves `/metrics` for all of them (one scrape, every
 * worker's counts added up), so no worker listens on the metrics port.
 */
export function workerConfig(config: GatewayConfig): GatewayConfig {
  return { ...config, metrics: false };
}

/** Lets the primary's aggregated `/metrics` ask this worker for its metrics (prom-client's cluster protocol). */
export function reportMetricsToPrimary(metrics: Metrics): void {
  AggregatorRegistry.setRegistries([metrics.registry]);
  // NOTE: prom-client starts answering the primary's requests when an AggregatorRegistry is made, in a worker too.
  new AggregatorRegistry();
}

/**
 * `usergate serve --workers N`: N gateway processes (node:cluster) sharing the API port, which the
 * primary hands connections to in turn. The primary serves no request; it serves the workers'
 * added-up `/metrics`, starts a new worker in place of one that dies, and on SIGTERM or SIGINT
 * passes SIGTERM to every worker (each drains and writes its log lines, as a single gateway does)
 * and exits once all have, 0 when all exited cleanly.
 */
export async function servePrimary(workers: number, env = process.env): Promise<void> {
  if (!env.USERGATE_CONFIG) throw new ConfigError(['--workers needs USERGATE_CONFIG: the embedded demo runs in one process.']);
  // Read here first: a config that does not load fails once, before any worker is started.
  const config = loadConfigFile(env.USERGATE_CONFIG, adapters, env);
  const logger = createLogger({ level: config.logging.level });
  let stopping = false;
  const started = new Set<Worker>();
  cluster.setupPrimary({ execArgv: gatewayExecArgv(process.execArgv) });
  const start = () => started.add(cluster.fork());
  cluster.on('exit', (worker, code, signal) => {
    started.delete(worker);
    if (stopping) return;
    logger.error('usergate worker exited; starting another', { pid: worker.process.pid, code, signal });
    start();
  });
  const metricsServer = config.metrics ? await serveClusterMetrics(config.metrics) : undefined;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // A worker still starting has no handler yet and dies of the signal itself: it had served nothing, which is clean too.
    const exits = [...started].map(
      (worker) => new Promise<boolean>((resolve) => worker.once('exit', (code, signal) => resolve(code === 0 || signal === 'SIGTERM'))),
    );
    started.forEach((worker) => worker.process.kill('SIGTERM'));
    void Promise.all(exits).then(async (clean) => {
      metricsServer?.close();
      await flushLogger(logger);
      process.exit(clean.every(Boolean) ? 0 : 1);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === workers) {
      logger.info('usergate workers listening', { port: address.port, metricsPort: portOf(metricsServer), workers });
    }
  });
  for (let index = 0; index < workers; index += 1) start();
}

async function serveClusterMetrics(settings: { port: number; host: string }): Promise<Server> {
  const registry = new AggregatorRegistry();
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.clusterMetrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      () => res.writeHead(503).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  return server;
}

function portOf(server: Server | undefined): number | undefined {
  const address = server?.address();
  return typeof address === 'object' && address ? address.port : undefined;
}
