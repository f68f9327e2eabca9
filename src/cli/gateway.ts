import { Option, type Command } from 'commander';
import { GatewayProblem } from '../client';
import { GatewayClient, type GatewayAnswer } from '../console/client/gateway-client';
import { canSeePii, readTokenClaims } from '../console/client/token-claims';
import { CliError, EXIT } from './exit-codes';
import { withProgress } from './progress';
import { terminalText, visible } from './terminal-text';

/** Options of every command that talks to a running gateway. */
export interface GatewayOptions {
  url: string;
  json?: boolean;
}

const DEFAULT_URL = 'http://localhost:8080';
const TIMEOUT_MS = 30_000;

export function addGatewayOptions(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', 'the gateway to talk to').env('USERGATE_URL').default(DEFAULT_URL))
    .option('--json', "print the gateway's JSON unchanged (for scripts)")
    .addHelpText(
      'after',
      '\nThe token comes from USERGATE_TOKEN (`npm start` prints one; `usergate token` mints one).\n' +
        'Exit codes: 0 done, 1 the gateway answered with an error, 2 usage error, 3 gateway unreachable.',
    );
}

/** One gateway session per command: its calls, and whether the token may see PII fields. */
export interface GatewaySession {
  piiVisible: boolean;
  /** Makes a call: a spinner while it is slow, its failure as a CliError with the right exit code. */
  call<T>(label: string, request: (client: GatewayClient) => Promise<GatewayAnswer<T>>): Promise<GatewayAnswer<T>>;
}

export function openGateway(options: GatewayOptions): GatewaySession {
  const token = process.env.USERGATE_TOKEN?.trim();
  if (!token) throw new CliError('Set USERGATE_TOKEN to a gateway token (`npm start` prints one; `usergate token` mints one).', EXIT.usage);
  const client = new GatewayClient({ baseUrl: gatewayOrigin(options.url), token, timeoutMs: TIMEOUT_MS });
  return {
    piiVisible: canSeePii(readTokenClaims(token)),
    async call(label, request) {
      try {
        return await withProgress(label, request(client));
      } catch (error) {
        if (!(error instanceof GatewayProblem)) throw error;
        if (options.json && error.problem) printJson(JSON.stringify(error.problem));
        throw failure(error, options.url);
      }
    },
  };
}

/** Human output: whatever a value holds, no control character reaches the terminal (see terminal-text.ts). */
export function printText(text: string): void {
  process.stdout.write(terminalText(text));
}

/** `--json`: the body exactly as the gateway sent it. */
export function printJson(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function gatewayOrigin(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
    throw new CliError(`The gateway URL must be an http(s) URL like ${DEFAULT_URL}, not "${url}".`, EXIT.usage);
  }
  return parsed.href.replace(/\/+$/, '');
}

function failure(error: GatewayProblem, url: string): CliError {
  if (error.unreachable) {
    return new CliError(`Cannot reach the gateway at ${url} (${error.message}). Is it running? Set --url or USERGATE_URL.`, EXIT.unreachable);
  }
  const hint = error.code === 'unauthorized' ? ' Check USERGATE_TOKEN.' : '';
  return new CliError(`${visible(error.code)} (${error.status}): ${visible(error.message)}${hint}`, EXIT.failed);
}
