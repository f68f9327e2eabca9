import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchEnvironment, type BenchEnvironment } from './environment';
import type { ScenarioResult } from './figures';
import { describeMachine } from './machine';
import { startSimulators } from './processes/simulators';
import { PROFILES } from './profile';
import { markdownReport, markdownTable, type BenchResults } from './report';
import { cacheHitThroughput } from './scenarios/cache-hit';
import { cacheMissOverhead } from './scenarios/cache-miss';
import { coalescing } from './scenarios/coalescing';
import { fanOutLatency } from './scenarios/fan-out';
import { logLineCost } from './scenarios/log-lines';
import { memoryUnderConnections } from './scenarios/memory';
import { tenantsAtScale } from './scenarios/tenants';
import { upstreamClientCost } from './scenarios/upstream-clients';
import { workersThroughput } from './scenarios/workers';

const SCENARIOS: Record<string, (env: BenchEnvironment) => Promise<ScenarioResult>> = {
  cacheMiss: cacheMissOverhead,
  cacheHit: cacheHitThroughput,
  fanOut: fanOutLatency,
  coalescing,
  memory: memoryUnderConnections,
  upstreamClients: upstreamClientCost,
  tenants: tenantsAtScale,
  logLines: logLineCost,
  workers: workersThroughput,
};

/** No run may outlast this, whatever hangs: the suite is meant to finish in well under 5 minutes. */
const GIVE_UP_AFTER_MS = 8 * 60_000;

/**
 * `npm run bench` (or `node dist/bench/run.js --profile smoke --out DIR`): starts the simulators,
 * runs every scenario (or the one `--only` names) against gateway processes of its own, and writes
 * results.json and results.md.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'full' },
      out: { type: 'string', default: join(__dirname, '../../bench') },
      // One scenario, or several separated by commas (`--only cacheHit,logLines`).
      only: { type: 'string' },
    },
  });
  const profile = Object.values(PROFILES).find((candidate) => candidate.name === values.profile);
  if (!profile) throw new Error(`unknown profile ${values.profile} (full or smoke)`);
  const only = values.only?.split(',');
  const unknown = (only ?? []).filter((name) => !(name in SCENARIOS));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')} (${Object.keys(SCENARIOS).join(', ')})`);
  const chosen = Object.entries(SCENARIOS).filter(([name]) => only === undefined || only.includes(name));
  setTimeout(() => {
    console.error(`The bench did not finish within ${GIVE_UP_AFTER_MS / 60_000} minutes.`);
    process.exit(1);
  }, GIVE_UP_AFTER_MS).unref();

  const started = Date.now();
  const machine = describeMachine();
  const workDir = mkdtempSync(join(tmpdir(), 'usergate-bench-'));
  const simulators = await startSimulators();
  const scenarios: Record<string, ScenarioResult> = {};
  try {
    const env = benchEnvironment(profile, simulators, workDir);
    for (const [name, scenario] of chosen) {
      const scenarioStarted = Date.now();
      process.stdout.write(`${name}... `);
      scenarios[name] = await scenario(env);
      const figures = scenarios[name].figures.map((one) => `${one.result} ${one.unit}`).join(', ') || 'done';
      process.stdout.write(`${figures} (${Math.round((Date.now() - scenarioStarted) / 1000)} s)\n`);
    }
  } finally {
    await simulators.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  const results: BenchResults = {
    profile: profile.name,
    startedAt: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine,
    figures: Object.values(scenarios).flatMap((scenario) => scenario.figures),
    failures: Object.values(scenarios).reduce((sum, scenario) => sum + scenario.failures, 0),
    scenarios,
  };
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(values.out, 'results.md'), markdownReport(results));
  process.stdout.write(`\n${markdownTable(results.figures)}\n\n${results.failures} failed requests; results in ${values.out}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
