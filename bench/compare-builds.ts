import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchEnvironment } from './environment';
import { maxThroughput, type Throughput } from './load/max-throughput';
import { CACHE_ALWAYS_FRESH, CACHED_READ_PATH } from './processes/bench-users';
import { mainOfCheckout } from './processes/gateway';
import { startSimulators } from './processes/simulators';
import { PROFILES } from './profile';
import { median, round } from './stats';

/**
 * Two builds of the gateway side by side, the way bench/README.md's "before and after" rows are
 * measured: `node dist/bench/compare-builds.js --before <checkout> --after <checkout>` (each a
 * checkout with `npm run build` done). Each build runs as one gateway process in front of the same
 * simulators; both take cached reads of one user (`GET /v1/users/{id}`, a client token, 50
 * connections, closed loop) in alternating rounds, and the medians of CPU per answer and answers a
 * second are printed. It stops by itself.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      before: { type: 'string' },
      after: { type: 'string' },
      rounds: { type: 'string', default: '7' },
      seconds: { type: 'string', default: '3' },
    },
  });
  if (!values.before || !values.after) throw new Error('usage: compare-builds --before <checkout> --after <checkout> [--rounds 7] [--seconds 3]');
  const builds = { before: values.before, after: values.after };
  const [rounds, seconds] = [Number(values.rounds), Number(values.seconds)];
  const simulators = await startSimulators();
  const workDir = mkdtempSync(join(tmpdir(), 'usergate-compare-'));
  try {
    const env = benchEnvironment(PROFILES.full, simulators, workDir);
    const gateways = {
      before: await env.startGateway('before', { rebilly: 'rebilly' }, CACHE_ALWAYS_FRESH, {}, {}, 1, mainOfCheckout(builds.before)),
      after: await env.startGateway('after', { rebilly: 'rebilly' }, CACHE_ALWAYS_FRESH, {}, {}, 1, mainOfCheckout(builds.after)),
    };
    const load = (build: keyof typeof builds, duration: number) =>
      maxThroughput({
        url: `${gateways[build].origin}${CACHED_READ_PATH}`,
        headers: { authorization: env.authorization },
        serverPid: gateways[build].pid,
        connections: 50,
        seconds: duration,
      });
    try {
      for (const build of ['before', 'after'] as const) await load(build, PROFILES.full.warmupSeconds);
      const measured: Record<keyof typeof builds, Throughput[]> = { before: [], after: [] };
      for (let round = 0; round < rounds; round += 1) {
        for (const build of round % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const)) measured[build].push(await load(build, seconds));
      }
      for (const build of ['before', 'after'] as const) {
        const runs = measured[build];
        const failures = runs.reduce((sum, run) => sum + run.failures, 0);
        console.log(
          `${build}: ${median(runs.map((run) => run.cpuMicrosecondsPerRequest))} µs CPU per cached read, ${median(runs.map((run) => run.requestsPerSecond))} req/s (medians of ${rounds} rounds of ${seconds} s; ${failures} failed)`,
        );
      }
      // Each round's two builds ran back to back, so their ratio holds still while the machine's load moves both.
      const ratio = (figure: keyof Throughput) =>
        round(
          median(
            measured.before.flatMap((before, index) => {
              const after = measured.after[index];
              return after ? [after[figure] / before[figure]] : [];
            }),
          ),
          3,
        );
      console.log(
        `after / before, median of the rounds' ratios: CPU per cached read ${ratio('cpuMicrosecondsPerRequest')}, req/s ${ratio('requestsPerSecond')}`,
      );
    } finally {
      await Promise.all(Object.values(gateways).map((gateway) => gateway.stop()));
    }
  } finally {
    await simulators.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
