import type { BenchEnvironment } from '../environment';
import { figure, type ScenarioResult } from '../figures';
import { fixedRate, type Target } from '../load/fixed-rate';
import { median, round, tailLatency, type TailLatency } from '../stats';

const PROVIDERS = ['paysera', 'rebilly', 'payabli', 'wise'] as const;
/** Paysera's simulator answers this much later than the others. */
const SLOW_PROVIDER = 'paysera';
const SLOWER_BY_MS = 200;
/**
 * A lookup over four connections (one per provider, Wise in exists mode) with one connection 200 ms
 * slower, against a lookup at that slow connection alone, at the same fixed rate, alternating
 * round by round: the fan-out should cost no more than its slowest leg. Every lookup asks for
 * another address (which no provider holds), or the gateway would coalesce the overlapping ones.
 */
export async function fanOutLatency(env: BenchEnvironment): Promise<ScenarioResult> {
  const { rate, seconds, rounds } = env.profile.fanOut;
  const gateway = await env.startGateway('fan-out', Object.fromEntries(PROVIDERS.map((provider) => [provider, provider])), { enabled: false });
  let nextEmail = 0;
  const lookup = (connections: readonly string[]): Target => ({
    origin: gateway.origin,
    nextPath: () => `/v1/users?email=${encodeURIComponent(`fan.out.${(nextEmail += 1)}@example.com`)}&connections=${connections.join(',')}`,
    headers: { authorization: env.authorization },
    verifyBody: (body) => everyConnectionAnswered(body, connections),
  });
  const targets = { fanOut: lookup(PROVIDERS), slowAlone: lookup([SLOW_PROVIDER]) };
  await env.simulators.setFaults(SLOW_PROVIDER, { latencyMs: SLOWER_BY_MS });
  try {
    let failures = 0;
    for (const target of Object.values(targets)) failures += (await fixedRate({ ...target, rate, seconds: env.profile.warmupSeconds })).failures;
    const measured: Record<'fanOut' | 'slowAlone', TailLatency>[] = [];
    for (let pass = 0; pass < rounds; pass += 1) {
      const fanOut = await fixedRate({ ...targets.fanOut, rate, seconds });
      const slowAlone = await fixedRate({ ...targets.slowAlone, rate, seconds });
      failures += fanOut.failures + slowAlone.failures;
      measured.push({ fanOut: tailLatency(fanOut.latenciesMs), slowAlone: tailLatency(slowAlone.latenciesMs) });
    }
    const ratio = (quantile: keyof TailLatency) => round(median(measured.map((one) => one.fanOut[quantile] / one.slowAlone[quantile])), 3);
    const p50 = (leg: 'fanOut' | 'slowAlone') => round(median(measured.map((one) => one[leg].p50)), 1);
    return {
      figures: [
        figure({
          figure: 'Fan-out over 4 connections, one 200 ms slower (p50)',
          sideBySide: `4 connections ${p50('fanOut')} ms vs slowest alone ${p50('slowAlone')} ms`,
          result: ratio('p50'),
          unit: '× slowest alone',
          target: { atMost: 1.1 },
        }),
      ],
      failures,
      details: {
        ratePerSecond: rate,
        secondsPerRound: seconds,
        slowConnection: SLOW_PROVIDER,
        slowerByMs: SLOWER_BY_MS,
        p99Ratio: ratio('p99'),
        rounds: measured,
      },
    };
  } finally {
    await env.simulators.setFaults(SLOW_PROVIDER, {});
    await gateway.stop();
  }
}

/** A lookup succeeds partially by design: the bench wants every connection's answer. */
function everyConnectionAnswered(body: string, connections: readonly string[]): boolean {
  const outcomes = (JSON.parse(body) as { connections: Record<string, { status: string }> }).connections;
  return connections.every((name) => outcomes[name]?.status === 'ok');
}
