import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstLines, runCli, spawnCli, stop } from '../support/cli-process';

interface SimulatorLine {
  provider: string;
  baseUrl: string;
  credentials: Record<string, string>;
  options: Record<string, unknown>;
}

const directory = mkdtempSync(join(tmpdir(), 'usergate-simulate-'));
function file(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
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

  it('when one provider is started, then it prints one JSON line with its base URL and credentials in connection-config keys', async () => {
    const [line] = await simulate(['paysera', '--port', '0']);
    expect(line).toEqual({
      provider: 'paysera',
      baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/rest\/v1$/),
      credentials: { clientId: expect.any(String), macKey: expect.any(String) },
      options: {},
    });
  });

  it('when all are started, then each prints its line', async () => {
    const lines = await simulate(['all'], 4);
    expect(lines.map((line) => line.provider)).toEqual(['paysera', 'rebilly', 'payabli', 'wise']);
  });

  it('when a credentials file is given, then the simulator accepts those credentials and prints them', async () => {
    const [line] = await simulate(['paysera', '--credentials', file('paysera-credentials.json', { clientId: 'ci-client', macKey: 'ci-mac-key' })]);
    expect(line!.credentials).toEqual({ clientId: 'ci-client', macKey: 'ci-mac-key' });
  });

  it('when a YAML seed and credentials are given, then the seeded users are served to those credentials', async () => {
    const seed = file('payabli-seed.yaml', 'payabli:\n  - userId: 77\n    Email: ci.user@example.com\n    Scope: [{ orgType: 0, orgId: 123 }]\n');
    const [line] = await simulate(['payabli', '--seed', seed, '--credentials', file('payabli-credentials.json', { requestToken: 'ci-token' })]);
    const response = await fetch(`${line!.baseUrl}/User/77`, { headers: { requestToken: 'ci-token' } });
    expect(await response.json()).toMatchObject({ userId: 77, Email: 'ci.user@example.com' });
  });

  it('when fault knobs are given, then the simulator misbehaves as told', async () => {
    const [line] = await simulate(['rebilly', '--fault', 'errorRate=1', '--fault', 'errorStatus=503']);
    const response = await fetch(`${line!.baseUrl}/users`, { headers: { 'REB-APIKEY': line!.credentials.apiKey! } });
    expect(response.status).toBe(503);
  });

  it('when --faults holds transforms, then the answers come back drifted', async () => {
    const faults = JSON.stringify({ transforms: [{ op: 'rename', path: 'email', to: 'emailAddress' }] });
    const [line] = await simulate(['rebilly', '--faults', faults]);
    const [first] = (await (await fetch(`${line!.baseUrl}/users?limit=1`, { headers: { 'REB-APIKEY': line!.credentials.apiKey! } })).json()) as object[];
    expect(Object.keys(first!)).toEqual(expect.arrayContaining(['emailAddress']));
    expect(Object.keys(first!)).not.toContain('email');
  });

  it('when stopped with SIGTERM, then it exits 0', async () => {
    await simulate(['wise']);
    expect(await stop(started.pop()!)).toBe(0);
  });

  it('when the seed breaks the provider schema, then it exits 2 naming the user and field', async () => {
    const result = await runCli(['simulate', 'paysera', '--seed', file('bad-seed.json', [{ id: 1 }, { id: 'two' }])]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('seed[1].id: must be a number');
  });

  it('when a fault knob is out of range, then it exits 2 before starting anything', async () => {
    const result = await runCli(['simulate', 'paysera', '--fault', 'errorRate=2']);
    expect(result).toMatchObject({ status: 2, stdout: '' });
  });

  it('when the provider is unknown, then it exits 2 and lists the known ones', async () => {
    const result = await runCli(['simulate', 'stripe']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('paysera, rebilly, payabli, wise, or all');
  });
});
