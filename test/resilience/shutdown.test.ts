import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { paysera } from '../../adapters/paysera';
import { mintToken } from '../../src/auth/jwt';
import type { RunningSimulator } from '../../src/connections/adapter';

const MAIN = join(__dirname, '../../dist/src/main.js');
const jwt = { secret: 'shutdown-test-secret-shutdown-test-secret', audience: 'usergate', issuer: 'usergate' };

/** The built gateway as its own process, so that it can be sent SIGTERM like a container would be. */
function startGatewayProcess(simulator: RunningSimulator) {
  const dir = mkdtempSync(join(tmpdir(), 'usergate-shutdown-'));
  const config = join(dir, 'usergate.json');
  writeFileSync(
    config,
    JSON.stringify({
      server: { host: '127.0.0.1' },
      auth: { jwt: { secret: '${JWT_SECRET}', audience: jwt.audience, issuer: jwt.issuer } },
      rateLimit: false,
      connections: { paysera: { adapter: 'paysera', baseUrl: simulator.baseUrl, credentials: simulator.credentials } },
    }),
  );
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, USERGATE_CONFIG: config, JWT_SECRET: jwt.secret, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = new Promise<number>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { message?: string; port?: number };
      if (entry.message === 'usergate listening') resolve(entry.port!);
    });
  });
  return { child, exited, port };
}

describe('graceful shutdown', () => {
  it('when SIGTERM arrives under load, then every in-flight request completes and the process exits 0', async () => {
    const simulator = await paysera.startSimulator();
    simulator.faults.set({ latencyMs: 400 });
    const gateway = startGatewayProcess(simulator);
    try {
      const base = `http://127.0.0.1:${await gateway.port}`;
      const token = mintToken({ ...jwt, algorithms: ['HS256'], clockToleranceSeconds: 30 }, { subject: 'load', scopes: ['users:read'], ttlSeconds: 60 });
      const inFlight = Array.from({ length: 20 }, (_, index) =>
        fetch(`${base}/v1/users/paysera:${1001 + (index % 7)}`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status),
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      gateway.child.kill('SIGTERM');
      expect(await Promise.all(inFlight)).toEqual(Array(20).fill(200));
      expect(await gateway.exited).toBe(0);
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    } finally {
      gateway.child.kill('SIGKILL');
      await simulator.close();
    }
  });
});
