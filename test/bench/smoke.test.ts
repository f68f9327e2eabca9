import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchResults } from '../../bench/report';

const RUN = join(__dirname, '../../dist/bench/run.js');
const SMOKE_RUN_LIMIT_MS = 120_000;

/**
 * `npm run bench` in its smoke profile (a second or two per scenario at low load), as its own
 * process, built by `npm test`'s pretest. Only what is stable is asserted: timings are the full
 * run's business, never a unit test's.
 */
describe('benchmark suite, smoke run', () => {
  const out = mkdtempSync(join(tmpdir(), 'usergate-bench-smoke-'));
  let results: BenchResults;
  let report: string;
  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [RUN, '--profile', 'smoke', '--out', out], { timeout: SMOKE_RUN_LIMIT_MS });
    results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchResults;
    report = readFileSync(join(out, 'results.md'), 'utf8');
  }, SMOKE_RUN_LIMIT_MS + 10_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('when it finishes, then the table has every figure with its target, and the machine is named', () => {
    expect(results.figures.map((figure) => figure.figure)).toEqual([
      'Cache-miss overhead, p50',
      'Cache-miss overhead, p99',
      'Cache-miss CPU per answer',
      'Cache-hit throughput',
      'Fan-out over 4 connections, one 200 ms slower (p50)',
      'Coalescing: 200 concurrent identical cold reads',
      'Memory at 50 keep-alive connections',
      'Start with 200 stored connections over 50 tenants',
      'Memory with 50 stored connections in use',
      'Log line, CPU per line',
      `Cached reads on ${Math.max(2, availableParallelism())} workers`,
    ]);
    for (const figure of results.figures) expect(report).toContain(`| ${figure.figure} |`);
    expect(report).toContain(results.machine.cpuModel);
    expect(results.machine.node).toBe(process.version);
  });

  it('when it finishes, then every request of every scenario succeeded', () => {
    expect(results.failures).toBe(0);
  });

  it('when 200 identical cold reads arrive at once, then the provider sees exactly one call', () => {
    expect(results.scenarios.coalescing!.figures[0]!.result).toBe(1);
    expect(results.scenarios.coalescing!.details).toMatchObject({ answered: 200, coalescedByGateway: 199 });
  });

  it('when the memory scenario runs, then every connection was open at the gateway at once', () => {
    const { connections, peakOpenSockets } = results.scenarios.memory!.details as { connections: number; peakOpenSockets: number };
    expect(peakOpenSockets).toBeGreaterThanOrEqual(connections);
  });

  it('when cached reads are measured, then every one was a cache hit', () => {
    const details = results.scenarios.cacheHit!.details as { cacheHitsDuringRounds: number; cacheMissesDuringRounds: number };
    expect(details.cacheHitsDuringRounds).toBeGreaterThan(0);
    expect(details.cacheMissesDuringRounds).toBe(0);
  });
});
