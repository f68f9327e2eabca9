import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../src/contract/check';
import type { ContractReport } from '../../src/contract/run';
import { runCli } from './cli-process';

const directory = mkdtempSync(join(tmpdir(), 'usergate-contract-'));
const JWT = { secret: 'contract-test-secret-contract-test-secret', audience: 'usergate', issuer: 'usergate' };

/** What `usergate simulate` prints for a simulator, and what a config needs for a connection to it. */
export interface ConnectionLine {
  provider: string;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
}

/** A gateway config whose connections are these simulators (as a CI script writes one from `simulate`'s lines). */
export function configFor(name: string, connections: ConnectionLine[]): string {
  const path = join(directory, `${name}.json`);
  const entries = connections.map(({ provider, baseUrl, credentials, options }) => [provider, { adapter: provider, baseUrl, credentials, options }]);
  writeFileSync(path, JSON.stringify({ auth: { jwt: JWT }, connections: Object.fromEntries(entries) }));
  return path;
}

/** A file in the same scratch directory (a JUnit report, say). */
export function scratchFile(name: string): string {
  return join(directory, name);
}

export async function contractJson(args: string[]): Promise<{ status: number | null; reports: ContractReport[] }> {
  const result = await runCli(['contract', '--json', ...args]);
  return { status: result.status, reports: JSON.parse(result.stdout) as ContractReport[] };
}

export function findingsOf(reports: ContractReport[], check: string): Finding[] {
  return reports[0]!.results.find((result) => result.name === check)!.findings;
}
