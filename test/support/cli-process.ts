import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

/** The built CLI (`npm test` builds first), run as users run it. */
const CLI = join(__dirname, '../../dist/src/cli/main.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
}

/**
 * Runs the CLI to its end. Asynchronous on purpose: the gateway it talks to runs in the test's own
 * process, which must keep serving while the CLI waits.
 */
export async function runCli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin!.end(stdin);
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, stdout, stderr };
}

/** Everything a long-running command has printed on stdout once `done` says it is enough. */
export function outputUntil(child: ChildProcess, done: (stdout: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (done(stdout)) resolve(stdout);
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited (${code}) before printing what was expected:\n${stdout}`)));
  });
}

/** The first `count` lines a long-running command prints on stdout. */
export function firstLines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const lines = stdout.split('\n').slice(0, -1);
      if (lines.length >= count) resolve(lines.slice(0, count));
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited (${code}) before printing ${count} lines:\n${stdout}${stderr}`)));
  });
}

/** Stops a long-running command the way a CI job does, and says how it exited. */
export async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}
