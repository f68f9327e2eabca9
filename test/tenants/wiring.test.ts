import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { adapters } from '../../adapters';
import { demoBanner, startDemo } from '../../src/demo';
import { createLogger } from '../../src/logging/logger';
import { KeyRing } from '../../src/secrets/key-ring';
import { TEST_JWT } from '../support/harness';
import { configuredConnection } from '../support/registry';

const MAIN = join(__dirname, '../../dist/src/main.js');
const PASSWORD = 'store-password-never-printed';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'usergate-wiring-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** The built gateway with a config file; resolves with its exit code and what it wrote to stderr. */
function runGateway(config: Record<string, unknown>, env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const file = join(directory, 'usergate.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, USERGATE_CONFIG: file, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    }),
  );
}

describe('the connection store at start', () => {
  it('when the store cannot be opened, then the gateway does not start and says why, without the password', async () => {
    const config = {
      server: { host: '127.0.0.1' },
      metrics: false,
      auth: { jwt: TEST_JWT },
      connections: { declared: await configuredConnection(adapters[0]!) },
      // A port nothing listens on (the discard port) stands for a database that is down.
      store: { postgres: { url: `postgres://usergate:${PASSWORD}@127.0.0.1:9/usergate` } },
    };
    const { code, stderr, stdout } = await runGateway(config, { USERGATE_SECRETS_KEYS: KeyRing.generateEntry('k1') });
    expect(code).toBe(1);
    expect(stderr).toMatch(/usergate failed to start: .*PostgreSQL connection store/);
    expect(stdout).not.toContain('usergate listening');
    expect(stderr + stdout).not.toContain(PASSWORD);
  });
});

describe('the embedded demo', () => {
  it('when started without USERGATE_SECRETS_KEYS, then a key is generated next to its database and the banner says where', async () => {
    const quiet = createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
    const database = join(directory, 'usergate.db');
    const demo = await startDemo(adapters, { PORT: '0', USERGATE_SQLITE_PATH: database }, quiet);
    try {
      const keyFile = join(directory, 'secrets.key');
      expect(existsSync(keyFile)).toBe(true);
      expect(demo.store).toEqual({ path: database, keyFile });
      expect(demoBanner(demo)).toContain(`sealed with the key in ${keyFile}`);
    } finally {
      await demo.close();
    }
  });
});
