import cluster from 'node:cluster';
import { adapters } from '../adapters';
import { reportMetricsToPrimary, workerConfig } from './cluster';
import { ConfigError, loadConfigFile } from './config/load';
import { openStoredConnections } from './connections/stored-connections';
import { demoBanner, startDemo } from './demo';
import { createGateway } from './gateway';
import { createLogger } from './logging/logger';

/** `npm start`: the gateway from USERGATE_CONFIG, or the embedded demo when none is named. */
export async function serve(env = process.env): Promise<void> {
  // Signals are handled before anything says "ready": a supervisor may stop us the moment it hears that.
  let close: (() => Promise<void>) | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    (close ?? (() => Promise.resolve()))().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (env.USERGATE_CONFIG) {
    const loaded = loadConfigFile(env.USERGATE_CONFIG, adapters, env);
    const config = cluster.isWorker ? workerConfig(loaded) : loaded;
    const logger = createLogger({ level: config.logging.level });
    // Before anything listens: without its store the gateway does not start (the error says why).
    const storedConnections = await openStoredConnections(config.store, { logger, env });
    const gateway = createGateway(config, { adapters, logger, storedConnections });
    if (cluster.isWorker) reportMetricsToPrimary(gateway.metrics);
    close = async () => {
      await gateway.close();
      await storedConnections.close();
    };
    const port = await gateway.listen();
    gateway.logger.info('usergate listening', {
      port,
      metricsPort: gateway.metricsPort(),
      connections: gateway.connections.list().map((connection) => connection.name),
      storedConnections: storedConnections.catalog.size,
      startedInMs: Math.round(process.uptime() * 1000),
    });
  } else {
    const demo = await startDemo(adapters, env);
    close = () => demo.close();
    process.stdout.write(demoBanner(demo));
  }
}

export function reportStartupError(error: unknown): never {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `usergate failed to start: ${(error as Error).message}`}\n`);
  process.exit(1);
}

if (require.main === module) serve().catch(reportStartupError);
