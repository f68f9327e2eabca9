import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childrenOf } from '../../bench/processes/proc-status';
import { mintToken } from '../../src/auth/jwt';
import type { RunningSimulator } from '../../src/connections/adapter';
import { YOUNG_GENERATION_FLAG } from '../../src/heap';
import { outputUntil, spawnCli } from '../support/cli-process';
import { adapterWith, otherUserId, personId } from '../support/registry';

/** Four users to read, so that four reads in flight at once are four provider calls (none joins another). */
const adapter = adapterWith({ otherUsers: 3 });
const jwt = { secret: 'serve-workers-test-secret-serve-workers', audience: 'usergate', issuer: 'usergate' };

async function until<T>(check: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const value = check();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('usergate serve --workers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'usergate-workers-'));
  let simulator: RunningSimulator;
  let primary: ChildProcess;
  let base: string;
  let metrics: string;
  let stderr = '';
  const token = mintToken({ ...jwt, algorithms: ['HS256'] }, { subject: 'workers', scopes: ['users:read'], ttlSeconds: 120 });
  const read = (id = personId(adapter)) => fetch(`${base}/v1/users/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    simulator = await adapter.startSimulator();
    const config = join(dir, 'usergate.json');
    writeFileSync(
      config,
      JSON.stringify({
        server: { host: '127.0.0.1' },
        metrics: { port: 0 },
        auth: { jwt: { ...jwt, secret: '${JWT_SECRET}' } },
        rateLimit: false,
        cache: { enabled: false },
        store: { sqlite: { path: join(dir, 'connections.db') } },
        logging: { audit: join(dir, 'audit.log') },
        connections: { [adapter.name]: { adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options } },
      }),
    );
    primary = spawnCli(['serve', '--workers', '2'], { USERGATE_CONFIG: config, JWT_SECRET: jwt.secret, PORT: '0' });
    primary.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const output = await outputUntil(primary, (stdout) => stdout.includes('"usergate workers listening"'));
    const line = output.split('\n').find((text) => text.includes('"usergate workers listening"')) ?? '{}';
    const { port, metricsPort } = JSON.parse(line) as { port: number; metricsPort: number };
    base = `http://127.0.0.1:${port}`;
    metrics = `http://127.0.0.1:${metricsPort}/metrics`;
  }, 60_000);

  afterAll(async () => {
    if (primary.exitCode === null) primary.kill('SIGKILL');
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when started with two workers, then two gateway processes answer on the one port', async () => {
    expect(childrenOf(primary.pid ?? 0)).toHaveLength(2);
    const answers = await Promise.all(Array.from({ length: 20 }, () => read()));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
  });

  it("when workers are started, then each runs with the gateway's young-generation ceiling", () => {
    const flags = childrenOf(primary.pid ?? 0).map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
    expect(flags).toHaveLength(2);
    for (const commandLine of flags) expect(commandLine).toContain(YOUNG_GENERATION_FLAG);
  });

  it("when /metrics is scraped, then it adds up every worker's counts", async () => {
    const before = await readsCounted();
    await Promise.all(Array.from({ length: 20 }, () => read()));
    // Twenty reads spread over two workers: one worker's counts alone would be about half.
    expect((await readsCounted()) - before).toBe(20);
  });

  it('when a worker dies, then another takes its place', async () => {
    const [victim] = childrenOf(primary.pid ?? 0);
    process.kill(victim ?? 0, 'SIGKILL');
    await until(() => {
      const children = childrenOf(primary.pid ?? 0);
      return children.length === 2 && !children.includes(victim ?? 0) ? children : undefined;
    }, 'a new worker');
    expect((await read()).status).toBe(200);
  }, 30_000);

  it('when the primary gets SIGTERM under load, then every worker finishes its requests and stops, and it exits 0', async () => {
    const workers = childrenOf(primary.pid ?? 0);
    simulator.faults.set({ latencyMs: 1_000 });
    const already = simulator.requests.length;
    const ids = [personId(adapter), ...[0, 1, 2].map((index) => otherUserId(adapter, index))];
    const inFlight = ids.map((id) => read(id).then((answer) => answer.status));
    await until(() => (simulator.requests.length - already >= ids.length ? true : undefined), 'the reads to reach the provider');
    const exited = once(primary, 'exit');
    primary.kill('SIGTERM');
    expect(await Promise.all(inFlight)).toEqual(Array(ids.length).fill(200));
    expect({ code: (await exited)[0], stderr }).toEqual({ code: 0, stderr: '' });
    expect(workers.filter((pid) => readdirSync('/proc').includes(String(pid)))).toEqual([]);
  }, 30_000);

  async function readsCounted(): Promise<number> {
    const text = await (await fetch(metrics)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith('usergate_http_requests_total{') && line.includes('route="/v1/users/:id"'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }
});
