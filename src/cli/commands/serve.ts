import cluster from 'node:cluster';
import { InvalidArgumentError, type Command } from 'commander';

const MAX_WORKERS = 64;

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) throw new InvalidArgumentError(`a whole number from 1 to ${MAX_WORKERS}`);
  return workers;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the gateway (USERGATE_CONFIG names the config; without it, the embedded demo)')
    .option('--workers <n>', 'gateway processes sharing the port (node:cluster), e.g. one per core; needs USERGATE_CONFIG', parseWorkers, 1)
    .addHelpText('after', '\nPORT overrides the configured port (0 picks a free one).')
    .action(async ({ workers }: { workers: number }) => {
      // Required on use, not imported: the gateway's modules take a while to load, and no other command needs them.
      const { reportStartupError, serve } = require('../../main') as typeof import('../../main');
      if (workers > 1 && cluster.isPrimary) {
        const { servePrimary } = require('../../cluster') as typeof import('../../cluster');
        await servePrimary(workers).catch(reportStartupError);
      } else await serve().catch(reportStartupError);
    });
}
