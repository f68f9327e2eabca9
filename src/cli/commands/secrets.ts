import { InvalidArgumentError, type Command } from 'commander';
import { KeyRing } from '../../secrets/key-ring';

interface RotateOptions {
  config?: string;
  json?: boolean;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export function registerSecrets(program: Command): void {
  const secrets = program.command('secrets').description('the keys that seal stored connection credentials (USERGATE_SECRETS_KEYS)');

  secrets
    .command('generate-key')
    .description('print a new key entry `<id>:<base64>` for USERGATE_SECRETS_KEYS (put it first to seal with it)')
    .argument('[id]', 'the key id: letters, digits, - or _ (default: k and today, e.g. k20250131)', parseKeyId)
    .action((id: string | undefined) => {
      process.stdout.write(`${KeyRing.generateEntry(id ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`)}\n`);
    });

  secrets
    .command('rotate')
    .description("seal every stored connection's credentials again under the first key of USERGATE_SECRETS_KEYS, while gateways keep serving")
    .option('--config <file>', 'the gateway config whose store to rotate (default: USERGATE_CONFIG; without either, the embedded default store)')
    .option('--json', 'print the counts as JSON')
    .addHelpText(
      'after',
      '\nGive USERGATE_SECRETS_KEYS the new key first and every older key after it (e.g. k2:<base64>,k1:<base64>);\n' +
        'remove an old key only once a rotation reports no record left under it.\n' +
        'Exit codes: 0 every record is under the first key; 1 some record no configured key opens (named); 2 usage or config errors.',
    )
    .action(async (options: RotateOptions) => {
      // Loaded on use: the config brings every adapter, which no other command here needs.
      const { rotate } = await import('../secrets-rotate.js');
      await rotate(options);
    });
}

function parseKeyId(value: string): string {
  if (!KEY_ID.test(value)) throw new InvalidArgumentError('a key id is 1 to 32 letters, digits, - or _.');
  return value;
}
