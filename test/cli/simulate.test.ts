import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { adapters } from '../../adapters';
import { mintToken } from '../../src/auth/jwt';
import { SCOPES } from '../../src/auth/principal';
import { loadConfigFile } from '../../src/config/load';
import type { RunningSimulator } from '../../src/connections/adapter';
import { createGateway } from '../../src/gateway';
import { startHarness } from '../support/harness';
import { outputUntil, runCli, spawnCli } from '../support/cli-process';
import { TEST_POSTGRES_URL } from '../support/postgres';
import { TEST_REDIS_URL, uniqueKeyPrefix } from '../support/redis';

interface PrintedSimulator {
  provider: string;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
}

/** Starts `usergate simulate <provider>` and reads the JSON line it prints. */
async function simulate(provider: string): Promise<{ child: ChildProcess; printed: PrintedSimulator }> {
  const child = spawnCli(['simulate', provider, '--port', '0']);
  const stdout = await outputUntil(child, (text) => text.includes('\n'));
  return { child, printed: JSON.parse(stdout.split('\n')[0]!) as PrintedSimulator };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}

describe('usergate simulate', () => {
  it.each(adapters.map((adapter) => adapter.name))(
    'when %s is simulated, then a gateway configured from the printed line finds the demo person there',
    async (provider) => {
      const { child, printed } = await simulate(provider);
      const harness = await startHarness({
        connections: [{ adapter: adapters.find((adapter) => adapter.name === provider)!, simulator: printed as unknown as RunningSimulator }],
      });
      try {
        expect(printed).toMatchObject({ provider, baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/) });
        const found = await harness.http.get('/v1/users?email=egle.jankauskiene@example.com').set('Authorization', harness.bearer());
        expect(found.body.connections[provider]).toMatchObject({ status: 'ok' });
      } finally {
        await harness.close();
        await stop(child);
      }
    },
  );

  it('when it is sent SIGTERM, then it stops and exits 0', async () => {
    const { child } = await simulate(adapters[0]!.name);
    expect(await stop(child, 'SIGTERM')).toBe(0);
  });

  it('when it is interrupted (Ctrl+C), then it stops and exits 0', async () => {
    const { child } = await simulate(adapters[0]!.name);
    expect(await stop(child, 'SIGINT')).toBe(0);
  });

  it('when the provider is unknown, then it exits 2 and lists the known ones', async () => {
    const result = await runCli(['simulate', 'acme']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`Known: ${adapters.map((adapter) => adapter.name).join(', ')}`);
  });

  it('when the port is not a port, then it exits 2', async () => {
    const result = await runCli(['simulate', adapters[0]!.name, '--port', 'eighty']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port');
  });
});

/** What docker-compose.yml's simulators service does, on loopback: the gateways' config written for them. */
describe('usergate simulate all --write-config', () => {
  const COMPOSE_TEMPLATE = join(__dirname, '../../config/compose.yaml');
  const directory = () => mkdtempSync(join(tmpdir(), 'usergate-simulate-'));

  it('when every simulator listens, then the compose template with one connection each is written, and a gateway loading it finds the demo person everywhere', async () => {
    const out = join(directory(), 'usergate.yaml');
    const child = spawnCli(['simulate', 'all', '--public-host', 'localhost', '--config-template', COMPOSE_TEMPLATE, '--write-config', out]);
    try {
      const printed = (await outputUntil(child, (text) => text.split('\n').length > adapters.length))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as PrintedSimulator);
      expect(printed.map(({ baseUrl }) => new URL(baseUrl).hostname)).toEqual(adapters.map(() => 'localhost'));
      for (let tries = 0; !existsSync(out) && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
      const env = { USERGATE_JWT_SECRET: 'a-test-secret-of-at-least-32-characters', REDIS_URL: TEST_REDIS_URL, POSTGRES_URL: TEST_POSTGRES_URL };
      const config = loadConfigFile(out, adapters, env);
      expect(Object.keys(config.connections)).toEqual(adapters.map((adapter) => adapter.name));
      expect(config.store.postgres?.url).toBe(TEST_POSTGRES_URL);
      const gateway = createGateway({ ...config, redis: { ...config.redis!, keyPrefix: uniqueKeyPrefix() } }, { adapters });
      try {
        await gateway.ready();
        const token = mintToken(config.auth.jwt, { subject: 'compose-test', scopes: [...SCOPES], ttlSeconds: 60 });
        const found = await supertest(gateway.app).get('/v1/users?email=egle.jankauskiene@example.com').set('Authorization', `Bearer ${token}`);
        expect(Object.values(found.body.connections as Record<string, { status: string }>).map(({ status }) => status)).not.toContain('error');
        expect(found.body.data.length).toBeGreaterThan(0);
      } finally {
        await gateway.close();
      }
    } finally {
      await stop(child);
    }
  });

  it('when it starts, then a config left by an earlier run is removed first, so that nobody reads stale credentials', async () => {
    const out = join(directory(), 'usergate.yaml');
    writeFileSync(out, 'connections: {}\n');
    const result = await runCli(['simulate', 'all', '--config-template', join(directory(), 'missing.yaml'), '--write-config', out]);
    expect(result.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('when --write-config comes without --config-template, then it exits 2 saying they go together', async () => {
    const result = await runCli(['simulate', 'all', '--write-config', join(directory(), 'usergate.yaml')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--config-template');
  });
});
