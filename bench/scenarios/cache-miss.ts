import type { BenchEnvironment } from '../environment';
import { figure, type ScenarioResult } from '../figures';
import { fixedRate, type Target } from '../load/fixed-rate';
import { benchUserId } from '../processes/bench-users';
import { median, round, tailLatency, type TailLatency } from '../stats';

/**
 * What the gateway adds to a provider call: `GET /v1/users/{id}` through the gateway (cache off)
 * against the same call straight to the Rebilly simulator, at the same fixed rate, alternating
 * round by round. Every request names another user, so nothing is coalesced.
 */
export async function cacheMissOverhead(env: BenchEnvironment): Promise<ScenarioResult> {
  const { rate, seconds, rounds } = env.profile.cacheMiss;
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
    const measured: Record<'simulator' | 'gateway', TailLatency>[] = [];
    for (let pass = 0; pass < rounds; pass += 1) {
      const simulator = await fixedRate({ ...targets.simulator, rate, seconds });
      const through = await fixedRate({ ...targets.gateway, rate, seconds });
      failures += simulator.failures + through.failures;
      measured.push({ simulator: tailLatency(simulator.latenciesMs), gateway: tailLatency(through.latenciesMs) });
    }
    const added = (quantile: keyof TailLatency) => median(measured.map((one) => one.gateway[quantile] - one.simulator[quantile]));
    const sideBySide = (quantile: keyof TailLatency) =>
      `gateway ${round(median(measured.map((one) => one.gateway[quantile])))} ms vs simulator ${round(median(measured.map((one) => one.simulator[quantile])))} ms`;
    return {
      figures: [
        figure({ figure: 'Cache-miss overhead, p50', sideBySide: sideBySide('p50'), result: round(added('p50')), unit: 'ms added', target: { atMost: 1 } }),
        figure({ figure: 'Cache-miss overhead, p99', sideBySide: sideBySide('p99'), result: round(added('p99')), unit: 'ms added', target: { atMost: 3 } }),
      ],
      failures,
      details: { ratePerSecond: rate, secondsPerRound: seconds, rounds: measured },
    };
  } finally {
    await gateway.stop();
  }
}
