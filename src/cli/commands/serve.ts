import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the gateway (USERGATE_CONFIG names the config; without it, the embedded demo)')
    .addHelpText('after', '\nPORT overrides the configured port (0 picks a free one).')
    .action(async () => {
      // Required on use, not imported: the gateway's modules take a while to load, and no other command needs them.
      const { reportStartupError, serve } = require('../../main') as typeof import('../../main');
      await serve().catch(reportStartupError);
    });
}
