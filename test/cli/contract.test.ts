import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { paysera } from '../../adapters/paysera';
import type { RunningSimulator } from '../../src/connections/adapter';
import type { Finding } from '../../src/contract/check';
import type { ContractReport } from '../../src/contract/run';
import type { ResponseTransform } from '../../src/simulator/transforms';
import { firstLines, runCli, spawnCli, stop } from '../support/cli-process';

const directory = mkdtempSync(join(tmpdir(), 'usergate-contract-'));
const JWT = { secret: 'contract-test-secret-contract-test-secret', audience: 'usergate', issuer: 'usergate' };

interface ConnectionLine {
  provider: string;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
}

/** A gateway config whose connections are these simulators (as a CI script writes one from `simulate`'s lines). */
function configFor(name: string, connections: ConnectionLine[]): string {
  const path = join(directory, `${name}.json`);
  const entries = connections.map(({ provider, baseUrl, credentials, options }) => [provider, { adapter: provider, baseUrl, credentials, options }]);
  writeFileSync(path, JSON.stringify({ auth: { jwt: JWT }, connections: Object.fromEntries(entries) }));
  return path;
}

async function contractJson(args: string[]): Promise<{ status: number | null; reports: ContractReport[] }> {
  const result = await runCli(['contract', '--json', ...args]);
  return { status: result.status, reports: JSON.parse(result.stdout) as ContractReport[] };
}

function findingsOf(reports: ContractReport[], check: string): Finding[] {
  return reports[0]!.results.find((result) => result.name === check)!.findings;
}

describe('usergate contract against the simulators a CI job starts', () => {
  it('when every simulator keeps to its docs, then each check passes and it exits 0', async () => {
    const simulators = spawnCli(['simulate', 'all']);
    try {
      const lines = (await firstLines(simulators, 4)).map((line) => JSON.parse(line) as ConnectionLine);
      const { status, reports } = await contractJson(['--config', configFor('all', lines)]);
      expect(reports.map((report) => report.connection)).toEqual(['paysera', 'rebilly', 'payabli', 'wise']);
      expect(reports.flatMap((report) => report.results.filter((result) => result.outcome !== 'passed'))).toEqual([]);
      expect(status).toBe(0);
    } finally {
      await stop(simulators);
    }
  });
});

describe('usergate contract against a drifted simulator', () => {
  let simulator: RunningSimulator;
  let config: string;
  beforeAll(async () => {
    simulator = await paysera.startSimulator();
    config = configFor('paysera', [simulator]);
  });
  afterAll(() => simulator.close());
  const drift = (...transforms: ResponseTransform[]) => simulator.faults.set({ transforms });

  it('when a required field is renamed, then the old name is breaking (missing), the new one a warning, and it exits 1', async () => {
    drift({ op: 'rename', path: 'id', to: 'user_id' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id}')).toEqual([
      expect.objectContaining({ kind: 'missing-field', severity: 'breaking', path: 'id' }),
      expect.objectContaining({ kind: 'new-field', severity: 'warning', path: 'user_id' }),
    ]);
    expect(status).toBe(1);
  });

  it('when a field the known user has is renamed, then it is breaking though the schema calls it optional', async () => {
    drift({ op: 'rename', path: 'email', to: 'email_address' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id}')).toContainEqual(expect.objectContaining({ kind: 'missing-field', severity: 'breaking', path: 'email' }));
    expect(status).toBe(1);
  });

  it('when a field changes type, then it is breaking and it exits 1', async () => {
    drift({ op: 'retype', path: 'dob', to: 'number' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id}')).toEqual([
      { kind: 'type-changed', severity: 'breaking', path: 'dob', message: 'documented as a string, now number' },
    ]);
    expect(status).toBe(1);
  });

  it('when an enum gains a value the adapter maps to null, then it is breaking and it exits 1', async () => {
    drift({ op: 'set', path: 'identification_level', value: 'super_identified' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id}')).toEqual([
      expect.objectContaining({ kind: 'enum-value', severity: 'breaking', path: 'identification_level' }),
    ]);
    expect(status).toBe(1);
  });

  it('when an enum gains a value the adapter passes through, then it is a warning and it exits 0', async () => {
    drift({ op: 'set', path: 'calculated_level', value: 'super_identified' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id}')).toEqual([expect.objectContaining({ kind: 'enum-value', severity: 'warning', path: 'calculated_level' })]);
    expect(status).toBe(0);
  });

  it('when a new field appears, then the summary prints a warning and it exits 0', async () => {
    drift({ op: 'set', path: 'identity.middle_name', value: 'Marija' });
    const result = await runCli(['contract', 'paysera', '--config', config]);
    expect(result.stdout).toMatch(/WARN {2}GET \/user\/\{id\} .*\n\s+warning +identity\.middle_name: not documented: a new field \(additive\)/);
    expect(result.stdout).toContain('ADDITIVE DRIFT ONLY');
    expect(result.status).toBe(0);
  });

  it('when the error body changes shape, then it is breaking error-shape drift and it exits 1', async () => {
    drift({ op: 'rename', path: 'error', to: 'code' });
    const { status, reports } = await contractJson(['paysera', '--config', config]);
    expect(findingsOf(reports, 'GET /user/{id} (unknown)')).toContainEqual(
      expect.objectContaining({ kind: 'error-shape', severity: 'breaking', path: 'error', message: 'error body: a required field is missing' }),
    );
    expect(status).toBe(1);
  });

  it('when asked for JUnit XML, then it writes a well-formed report with one failure per drifted check', async () => {
    drift({ op: 'retype', path: 'dob', to: 'number' });
    const junit = join(directory, 'report.xml');
    await runCli(['contract', 'paysera', '--config', config, '--junit', junit]);
    const errors: string[] = [];
    const xml = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(readFileSync(junit, 'utf8'), 'text/xml');
    expect(errors).toEqual([]);
    const suite = xml.getElementsByTagName('testsuite')[0]!;
    expect({ tests: suite.getAttribute('tests'), failures: suite.getAttribute('failures') }).toEqual({ tests: '11', failures: '1' });
    expect(xml.getElementsByTagName('failure')[0]!.getAttribute('message')).toContain('dob: documented as a string, now number');
  });
});

describe('usergate contract when it cannot check', () => {
  it('when the provider cannot be reached, then the checks say so (or are skipped for want of an answer) and it exits 3', async () => {
    const config = configFor('closed', [{ provider: 'rebilly', baseUrl: `http://127.0.0.1:${await closedPort()}`, credentials: { apiKey: 'k' }, options: {} }]);
    const { status, reports } = await contractJson(['--config', config, '--timeout', '500']);
    const outcomes = reports[0]!.results.map((result) => result.outcome);
    expect(outcomes.filter((outcome) => outcome !== 'unreachable' && outcome !== 'skipped')).toEqual([]);
    expect(status).toBe(3);
  });

  it('when the provider refuses the credentials, then it is labelled AUTH and it exits 1', async () => {
    const simulator = await paysera.startSimulator();
    try {
      const config = configFor('refused', [{ ...simulator, credentials: { clientId: 'nobody', macKey: 'wrong' } }]);
      const result = await runCli(['contract', '--config', config]);
      expect(result.stdout).toContain("AUTH     the provider refused the connection's credentials (401)");
      expect(result.status).toBe(1);
    } finally {
      await simulator.close();
    }
  });

  it('when the connection is not in the config, then it exits 2 naming the ones there are', async () => {
    const connection = { provider: 'paysera', baseUrl: 'http://127.0.0.1:9', credentials: { clientId: 'c', macKey: 'k' }, options: {} };
    const result = await runCli(['contract', 'stripe', '--config', configFor('named', [connection])]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('No connection named stripe in');
  });
});

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
