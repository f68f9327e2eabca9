import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const MAIN = join(__dirname, '../../dist/src/main.js');

export interface GatewayProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` once it listens. */
  url: Promise<string>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * The built gateway (`npm test` builds first) as a process of its own, configured by a JSON file,
 * as a container would run it. Secrets go through the environment, as in production.
 */
export function startGatewayProcess(config: Record<string, unknown>, env: Record<string, string> = {}): GatewayProcess {
  const directory = mkdtempSync(join(tmpdir(), 'usergate-process-'));
  const file = join(directory, 'usergate.json');
  // Metrics on a port of their own choosing, and a store of their own: processes of several tests run side by side.
  const defaults = {
    metrics: { port: 0 },
    logging: { audit: 'stdout' },
    store: { sqlite: { path: join(directory, 'usergate.db') } },
  };
  // No load balancer to wait for on SIGTERM, unless a test is about it.
  const server = { host: '127.0.0.1', shutdownDelayMs: 0, ...(config.server as Record<string, unknown> | undefined) };
  writeFileSync(file, JSON.stringify({ ...defaults, ...config, server }));
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, USERGATE_CONFIG: file, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.once('exit', () => reject(new Error('gateway process exited before listening')));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { message?: string; port?: number };
      if (entry.message === 'usergate listening') resolve(`http://127.0.0.1:${entry.port}`);
    });
  });
  url.catch(() => undefined);
  return {
    child,
    url,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
