import type { BenchEnvironment } from '../environment';
import { figure, type ScenarioResult } from '../figures';
import { runAutocannon } from '../load/autocannon';
import { benchUserId } from '../processes/bench-users';
import { gatewayMetric } from '../processes/metrics';

/** Long enough that every read is inside the gateway while the first call is out, as with any slow provider. */
const PROVIDER_LATENCY_MS = 1000;

/**
 * Identical cold reads at once (cache off, so that only coalescing can save calls): how many calls
 * reach the provider, counted by the provider (the Rebilly simulator) itself.
 */
export async function coalescing(env: BenchEnvironment): Promise<ScenarioResult> {
  const { concurrentReads } = env.profile.coalescing;
  const gateway = await env.startGateway('coalescing', { rebilly: 'rebilly' }, { enabled: false });
  const userPath = `/users/${benchUserId(1)}`;
  await env.simulators.setFaults('rebilly', {
    latencyMs: PROVIDER_LATENCY_MS,
    match: { method: 'GET', pathPrefix: new URL(env.simulators.byProvider('rebilly').baseUrl).pathname + userPath },
  });
  try {
    const callsBefore = await env.simulators.received('rebilly', userPath);
    let succeeded = 0;
    const result = await runAutocannon(
      {
        url: `${gateway.origin}/v1/users/rebilly:${benchUserId(1)}`,
        headers: { authorization: env.authorization },
        connections: concurrentReads,
        amount: concurrentReads,
      },
      { onResponse: (statusCode) => (succeeded += statusCode === 200 ? 1 : 0) },
    );
    const upstreamCalls = (await env.simulators.received('rebilly', userPath)) - callsBefore;
    return {
      figures: [
        figure({
          figure: `Coalescing: ${concurrentReads} concurrent identical cold reads`,
          sideBySide: `${succeeded} reads answered, ${upstreamCalls} call${upstreamCalls === 1 ? '' : 's'} at the provider`,
          result: upstreamCalls,
          unit: 'upstream calls',
          target: { exactly: 1 },
        }),
      ],
      failures: concurrentReads - succeeded + result.errors + result.timeouts,
      details: {
        concurrentReads,
        providerLatencyMs: PROVIDER_LATENCY_MS,
        answered: succeeded,
        coalescedByGateway: await gatewayMetric(gateway.metricsOrigin, 'usergate_coalesced_requests_total'),
      },
    };
  } finally {
    await env.simulators.setFaults('rebilly', {});
    await gateway.stop();
  }
}
