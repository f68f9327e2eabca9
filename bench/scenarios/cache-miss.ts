import type { BenchEnvironment } from '../environment';
import { figure, type ScenarioResult } from '../figures';
import { fixedRate, type Target } from '../load/fixed-rate';
import { maxThroughput } from '../load/max-throughput';
import { benchUserId } from '../processes/bench-users';
import { cpuSeconds } from '../processes/proc-status';
import { median, round, tailLatency, type TailLatency } from '../stats';

type CpuSide = 'gateway' | 'simulatorsForGateway' | 'gatewayAtRate' | 'simulatorsAtRate' | 'gatewayConcurrent' | 'simulatorsConcurrent';

/**
 * What the gateway adds to a provider call: `GET /v1/users/{id}` through the gateway (cache off)
 * against the same call straight to the Rebilly simulator, at the same fixed rate, alternating
 * round by round. Every request names another user, so nothing is coalesced. Beside the latency,
 * the gateway's CPU per answer (its side of the provider calls included), from its process's
 * counters, and the simulators' for the same answers: the figure from one connection back to back
 * after each round, beside it the fixed-rate round's own and a closed loop with as many connections
 * as cached reads are measured with. Alone, each process sleeps while the other works, and on this
 * kind of machine waking costs about as much as the work it wakes for (bench/README.md).
 *
 * The rounds start once the miss path has settled: V8 optimises its code only after thousands of
 * misses (each function on it runs once or twice a miss), and over its first 15,000 or so a fresh
 * gateway's miss costs up to twice a settled one's CPU (bench/README.md). A gateway in service is
 * long past that; the settling's own CPU per miss is reported beside the figure. NOTE: settled by
 * count, not time: 10 s of misses was 11,600-12,400 of them on one machine, short of the 15,000.
 */
export async function cacheMissOverhead(env: BenchEnvironment): Promise<ScenarioResult> {
  const { rate, seconds, rounds, settleMisses } = env.profile.cacheMiss;
  const rebilly = env.simulators.byProvider('rebilly');
  const simulatorUrl = new URL(rebilly.baseUrl);
  const gateway = await env.startGateway('cache-miss', { rebilly: 'rebilly' }, { enabled: false });
  let nextUser = 0;
  const targets: Record<'simulator' | 'gateway', Target> = {
    simulator: {
      origin: simulatorUrl.origin,
      nextPath: () => `${simulatorUrl.pathname}/users/${benchUserId((nextUser += 1))}`,
      headers: { 'REB-APIKEY': String(rebilly.credentials.apiKey) },
    },
    gateway: {
      origin: gateway.origin,
      nextPath: () => `/v1/users/rebilly:${benchUserId((nextUser += 1))}`,
      headers: { authorization: env.authorization },
    },
  };
  try {
    let failures = 0;
    for (const target of Object.values(targets)) failures += (await fixedRate({ ...target, rate, seconds: env.profile.warmupSeconds })).failures;
    // One client connection, each read sent as soon as the last is answered: for the settling and for the CPU figure.
    const backToBack = (amount?: number) =>
      maxThroughput({
        url: `${gateway.origin}${targets.gateway.nextPath()}`,
        headers: targets.gateway.headers,
        serverPid: gateway.pid,
        connections: 1,
        seconds,
        amount,
      });
    // As cached reads are measured: as many connections, each read another user's (identical ones in flight would share one provider call).
    const concurrent = () =>
      maxThroughput({
        url: gateway.origin,
        nextPath: targets.gateway.nextPath,
        headers: targets.gateway.headers,
        serverPid: gateway.pid,
        connections: env.profile.cacheHit.connections,
        seconds,
      });
    const settling = await backToBack(settleMisses);
    failures += settling.failures;
    const measured: Record<'simulator' | 'gateway', TailLatency>[] = [];
    const cpuMicroseconds: Record<CpuSide, number>[] = [];
    const perAnswer = (pid: number, before: number, answered: number) => Math.round(((cpuSeconds(pid) - before) / answered) * 1e6);
    /** A load's answers, with the simulators' CPU per answer over it. */
    const withSimulatorsCpu = async <Load extends { answered: number }>(run: () => Promise<Load>): Promise<[Load, number]> => {
      const before = cpuSeconds(env.simulators.pid);
      const load = await run();
      return [load, perAnswer(env.simulators.pid, before, load.answered)];
    };
    for (let pass = 0; pass < rounds; pass += 1) {
      const simulator = await fixedRate({ ...targets.simulator, rate, seconds });
      const gatewayCpu = cpuSeconds(gateway.pid);
      const [through, simulatorsAtRate] = await withSimulatorsCpu(() => fixedRate({ ...targets.gateway, rate, seconds }));
      const gatewayAtRate = perAnswer(gateway.pid, gatewayCpu, through.answered);
      const [closedLoop, simulatorsForGateway] = await withSimulatorsCpu(() => backToBack());
      const [concurrently, simulatorsConcurrent] = await withSimulatorsCpu(concurrent);
      cpuMicroseconds.push({
        gateway: closedLoop.cpuMicrosecondsPerRequest,
        simulatorsForGateway,
        gatewayAtRate,
        simulatorsAtRate,
        gatewayConcurrent: concurrently.cpuMicrosecondsPerRequest,
        simulatorsConcurrent,
      });
      failures += simulator.failures + through.failures + closedLoop.failures + concurrently.failures;
      measured.push({ simulator: tailLatency(simulator.latenciesMs), gateway: tailLatency(through.latenciesMs) });
    }
    const cpu = (side: CpuSide) => median(cpuMicroseconds.map((one) => one[side]));
    const added = (quantile: keyof TailLatency) => median(measured.map((one) => one.gateway[quantile] - one.simulator[quantile]));
    const sideBySide = (quantile: keyof TailLatency) =>
      `gateway ${round(median(measured.map((one) => one.gateway[quantile])))} ms vs simulator ${round(median(measured.map((one) => one.simulator[quantile])))} ms`;
    return {
      figures: [
        figure({ figure: 'Cache-miss overhead, p50', sideBySide: sideBySide('p50'), result: round(added('p50')), unit: 'ms added', target: { atMost: 1 } }),
        figure({ figure: 'Cache-miss overhead, p99', sideBySide: sideBySide('p99'), result: round(added('p99')), unit: 'ms added', target: { atMost: 3 } }),
        figure({
          figure: 'Cache-miss CPU per answer',
          sideBySide: `back to back on one connection, gateway ${cpu('gateway')} µs (its side of the provider calls included) vs the simulator's ${cpu('simulatorsForGateway')} µs for the same answers; at ${rate}/s, gateway ${cpu('gatewayAtRate')} µs vs the simulator's ${cpu('simulatorsAtRate')} µs; ${env.profile.cacheHit.connections} connections in a closed loop (as for cached reads), gateway ${cpu('gatewayConcurrent')} µs vs the simulator's ${cpu('simulatorsConcurrent')} µs; ${settling.answered} misses back to back before the rounds, while V8 optimised the miss path: ${settling.cpuMicrosecondsPerRequest} µs each`,
          result: cpu('gateway'),
          unit: 'µs CPU',
          target: { atMost: 400 },
        }),
      ],
      failures,
      details: {
        ratePerSecond: rate,
        secondsPerRound: seconds,
        rounds: measured,
        cpuMicrosecondsPerAnswer: cpuMicroseconds,
        settling: { answered: settling.answered, cpuMicrosecondsPerAnswer: settling.cpuMicrosecondsPerRequest },
      },
    };
  } finally {
    await gateway.stop();
  }
}
