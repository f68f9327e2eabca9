#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerConnections } from './commands/connections';
import { registerContract } from './commands/contract';
import { registerSecrets } from './commands/secrets';
import { registerServe } from './commands/serve';
import { registerSimulate } from './commands/simulate';
import { registerToken } from './commands/token';
import { registerUsers } from './commands/users';
import { CliError, EXIT } from './exit-codes';
import { terminalText } from './terminal-text';

const program = new Command('usergate')
  .description('One user API over many payment providers: run the gateway, mint tokens, find and create users, simulate providers, check providers for drift.')
  .showHelpAfterError()
  // Commander exits 1 on usage errors by default; it throws instead, and they exit 2 (see exitWith).
  .exitOverride();

// Subcommands copy the settings above when they are created, so these come after them.
registerServe(program);
registerToken(program);
registerUsers(program);
registerConnections(program);
registerSimulate(program);
registerContract(program);
registerSecrets(program);

program.parseAsync().catch(exitWith);

function exitWith(error: unknown): never {
  // Commander has already printed its message (or the help that was asked for).
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  // A message may carry a gateway's or a provider's words: shown, never acted on by the terminal.
  if (error instanceof CliError) {
    process.stderr.write(`${terminalText(error.message)}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`usergate: ${terminalText(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(EXIT.failed);
}
