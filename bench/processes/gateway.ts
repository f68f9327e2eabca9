import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { YOUNG_GENERATION_FLAG } from '../../src/heap';
import { pidOf } from './ipc';
import { childrenOf } from './proc-status';

const MAIN = join(__dirname, '../../src/main.js');
const CLI = join(__dirname, '../../src/cli/main.js');
// Under callgrind (count-instructions.ts) a start takes several times as long as it does on its own.
const START_TIMEOUT_MS = 60_000;

/** Another checkout's built gateway (`npm run build` done there), to measure builds side by side. */
export function mainOfCheckout(checkout: string): string {
  return join(resolve(checkout), 'dist/src/main.js');
}

/** Gateways still running; should the bench itself die, they go with it. */
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

export interface GatewayUnderTest {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Where its Prometheus `/metrics` listener is (never the API port). */
  metricsOrigin: string;
  /** From the process's start to listening, as the gateway itself says (no spawn cost). */
  startedInMs?: number;
  pid: number;
  /** With `workers`, the worker processes serving the port (`pid` is the primary's). */
  workerPids: number[];
  /** Settles when the process ends, however it ends (a stop, a crash, a signal from anyone). */
  exited: Promise<GatewayExit>;
  stop(): Promise<void>;
}

export interface GatewayExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The built gateway as its own process, the way a user runs it (`node dist/src/main.js` with
 * USERGATE_CONFIG), its secrets in the environment. Its log and audit lines go to files, so that
 * reading them costs the load generator nothing.
 */
export async function startGateway(
  name: string,
  config: Record<string, unknown>,
  env: Record<string, string>,
  workDir: string,
  workers = 1,
  /** Another build's `dist/src/main.js`, to measure two builds side by side (`compare-builds.ts`). */
  main = MAIN,
): Promise<GatewayUnderTest> {
  const configFile = join(workDir, `${name}.json`);
  const logFile = join(workDir, `${name}.log`);
  writeFileSync(configFile, JSON.stringify(config));
  const stdout = openSync(logFile, 'w');
  const stderr = openSync(join(workDir, `${name}.audit.log`), 'w');
  // Several workers are started as users start them: `usergate serve --workers N`.
  // One process as `npm start` and the image start it (the young generation's ceiling on node's command line); workers start with it.
  const child = spawn(process.execPath, workers > 1 ? [CLI, 'serve', '--workers', String(workers)] : [YOUNG_GENERATION_FLAG, main], {
    env: { PATH: process.env.PATH, USERGATE_CONFIG: configFile, PORT: '0', ...env },
    stdio: ['ignore', stdout, stderr],
  });
  closeSync(stdout);
  closeSync(stderr);
  running.add(child);
  const exited = new Promise<GatewayExit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const listening = workers > 1 ? '"usergate workers listening"' : '"usergate listening"';
  const { port, metricsPort, startedInMs } = await listeningPorts(logFile, listening, () => child.exitCode !== null).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    metricsOrigin: `http://127.0.0.1:${metricsPort}`,
    startedInMs,
    pid: pidOf(child, 'gateway'),
    workerPids: workers > 1 ? childrenOf(pidOf(child, 'gateway')) : [],
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The gateway says where it listens in its first log lines. */
async function listeningPorts(
  logFile: string,
  listening: string,
  hasExited: () => boolean,
): Promise<{ port: number; metricsPort: number; startedInMs?: number }> {
  const started = Date.now();
  while (Date.now() - started < START_TIMEOUT_MS && !hasExited()) {
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((text) => text.includes(listening));
    if (line) return JSON.parse(line) as { port: number; metricsPort: number; startedInMs?: number };
    await delay(25);
  }
  throw new Error(`the gateway did not start; its log: ${readFileSync(logFile, 'utf8').slice(0, 2000)}`);
}
