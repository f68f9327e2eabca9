import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { adapters } from '../../adapters';
import type { AdapterDefinition, RunningSimulator } from '../../src/connections/adapter';
import { firstLines, runCli, spawnCli, stop } from '../support/cli-process';
import { startHarness } from '../support/harness';

interface SimulatorLine {
  provider: string;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
}

const directory = mkdtempSync(join(tmpdir(), 'usergate-simulate-'));
function file(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const each = adapters.map((adapter) => [adapter.name, adapter] as const);
const [first] = adapters as [AdapterDefinition, ...AdapterDefinition[]];

/** Credentials the adapter's simulator would generate: valid for its connection config, and the CLI's to accept. */
async function generatedCredentials(adapter: AdapterDefinition): Promise<Record<string, unknown>> {
  const simulator = await adapter.startSimulator();
  await simulator.close();
  return simulator.credentials;
}

describe('usergate simulate', () => {
  const started: ChildProcess[] = [];
  async function simulate(args: string[], lines = 1): Promise<SimulatorLine[]> {
    const child = spawnCli(['simulate', ...args]);
    started.push(child);
    return (await firstLines(child, lines)).map((line) => JSON.parse(line) as SimulatorLine);
  }
  afterEach(async () => {
    await Promise.all(started.splice(0).map(stop));
  });

  it.each(each)(
    "when %s is started, then it prints one JSON line with its base URL, and credentials and options its connection config's schemas accept",
    async (name, adapter) => {
      const [line] = await simulate([name, '--port', '0']);
      expect(line).toMatchObject({ provider: name, baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+(\/|$)/) });
      expect(adapter.credentialsSchema.validate(line!.credentials).error).toBeUndefined();
      expect(adapter.optionsSchema.validate(line!.options).error).toBeUndefined();
    },
  );

  it('when all are started, then each adapter of the registry prints its line, in order', async () => {
    const lines = await simulate(['all'], adapters.length);
    expect(lines.map((line) => line.provider)).toEqual(adapters.map((adapter) => adapter.name));
  });

  it.each(each)('when %s is given a credentials file, then the simulator accepts those credentials and prints them', async (name, adapter) => {
    const credentials = await generatedCredentials(adapter);
    const [line] = await simulate([name, '--credentials', file(`${name}-credentials.json`, credentials)]);
    expect(line!.credentials).toEqual(credentials);
  });

  it.each(each)('when %s is given a YAML seed and credentials, then a gateway reading the printed line finds the seeded user', async (name, adapter) => {
    const { example } = adapter.providerUser;
    const seed = file(`${name}-seed.yaml`, YAML.stringify({ [name]: [example] }));
    const credentials = file(`${name}-seeded-credentials.json`, await generatedCredentials(adapter));
    const [line] = await simulate([name, '--seed', seed, '--credentials', credentials]);
    const harness = await startHarness({ connections: [{ adapter, simulator: line as unknown as RunningSimulator }] });
    try {
      const id = String((example as Record<string, unknown>)[adapter.seedIdField]);
      const response = await harness.http.get(`/v1/users/${name}:${encodeURIComponent(id)}`).set('Authorization', harness.bearer());
      expect(response.status).toBe(200);
      expect(response.body.providerUserId).toBe(id);
    } finally {
      await harness.close();
    }
  });

  it('when fault knobs are given, then the simulator misbehaves as told', async () => {
    const [line] = await simulate([first.name, '--fault', 'errorRate=1', '--fault', 'errorStatus=503']);
    expect((await fetch(line!.baseUrl)).status).toBe(503);
  });

  it('when --faults holds transforms, then the JSON answers come back drifted', async () => {
    const faults = JSON.stringify({ transforms: [{ op: 'set', path: 'drifted', value: true }] });
    const [line] = await simulate([first.name, '--faults', faults]);
    // Any answer: without credentials, the provider's own refusal.
    expect(await (await fetch(line!.baseUrl)).json()).toMatchObject({ drifted: true });
  });

  it('when stopped with SIGTERM, then it exits 0', async () => {
    await simulate([first.name]);
    expect(await stop(started.pop()!)).toBe(0);
  });

  it.each(each)('when the %s seed breaks the provider schema, then it exits 2 naming the user and field', async (name, adapter) => {
    const { example } = adapter.providerUser;
    const result = await runCli(['simulate', name, '--seed', file(`${name}-bad-seed.json`, [example, { ...example, [adapter.seedIdField]: [] }])]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`seed[1].${adapter.seedIdField}`);
  });

  it('when a fault knob is out of range, then it exits 2 before starting anything', async () => {
    const result = await runCli(['simulate', first.name, '--fault', 'errorRate=2']);
    expect(result).toMatchObject({ status: 2, stdout: '' });
  });

  it('when the provider is unknown, then it exits 2 and lists the known ones', async () => {
    const result = await runCli(['simulate', 'acme']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${adapters.map((adapter) => adapter.name).join(', ')}, or all`);
  });
});
