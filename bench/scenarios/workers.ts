import { availableParallelism } from 'node:os';
import type { BenchEnvironment } from '../environment';
import { figure, type ScenarioResult } from '../figures';
import { maxThroughput, type Throughput } from '../load/max-throughput';
import { CACHE_ALWAYS_FRESH, CACHED_READ_PATH } from '../processes/bench-users';
import { median, round } from '../stats';

/**
 * `usergate serve --workers N` (one worker per core) against one gateway process: cached reads at
 * full speed, the same connections, alternating round by round. CPU per request counts every
 * process of the cluster (primary and workers). The load generator shares the machine: on two
 * cores it takes most of one, which caps what a second worker can add.
 */
export async function workersThroughput(env: BenchEnvironment): Promise<ScenarioResult> {
  const { connections, seconds, rounds } = env.profile.workers;
  const workers = Math.max(2, availableParallelism());
  const single = await env.startGateway('workers-one', { rebilly: 'rebilly' }, CACHE_ALWAYS_FRESH);
  const cluster = await env.startGateway('workers-many', { rebilly: 'rebilly' }, CACHE_ALWAYS_FRESH, {}, {}, workers);
  const targets = {
    one: { url: `${single.origin}${CACHED_READ_PATH}`, serverPid: single.pid },
    many: { url: `${cluster.origin}${CACHED_READ_PATH}`, serverPid: cluster.pid, workerPids: cluster.workerPids },
  };
  const headers = { authorization: env.authorization };
  try {
    let failures = 0;
    for (const target of Object.values(targets))
      failures += (await maxThroughput({ ...target, headers, connections, seconds: env.profile.warmupSeconds })).failures;
    const measured: Record<keyof typeof targets, Throughput>[] = [];
    for (let pass = 0; pass < rounds; pass += 1) {
      const one = await maxThroughput({ ...targets.one, headers, connections, seconds });
      const many = await maxThroughput({ ...targets.many, headers, connections, seconds });
      failures += one.failures + many.failures;
      measured.push({ one, many });
    }
    const rate = (name: keyof typeof targets) =>
      `${median(measured.map((pass) => pass[name].requestsPerSecond))} req/s (${median(measured.map((pass) => pass[name].cpuMicrosecondsPerRequest))} µs CPU each)`;
    return {
      figures: [
        figure({
          figure: `Cached reads on ${workers} workers`,
          sideBySide: `${workers} workers ${rate('many')} vs one process ${rate('one')}`,
          result: round(median(measured.map((pass) => pass.many.requestsPerSecond / pass.one.requestsPerSecond)), 2),
          unit: '× one process',
          target: { atLeast: 1 },
        }),
      ],
      failures,
      details: { workers, connections, secondsPerRound: seconds, rounds: measured },
    };
  } finally {
    await Promise.all([single.stop(), cluster.stop()]);
  }
}
