import type { BenchEnvironment } from '../environment';
import { figure, type ScenarioResult } from '../figures';
import { maxThroughput, type Throughput } from '../load/max-throughput';
import { CACHE_ALWAYS_FRESH, CACHED_READ_PATH } from '../processes/bench-users';
import { gatewayMetric } from '../processes/metrics';
import { startYardstick, type RecordedAnswer } from '../processes/yardsticks';
import { median, round } from '../stats';

type Server = 'nodeHttp' | 'express' | 'sameAnswer' | 'gateway';

/** Headers Node writes itself or the gateway makes per request: the yardstick makes its own. */
const PER_REQUEST_HEADERS = new Set(['date', 'connection', 'keep-alive', 'x-request-id']);

/** One answer of the gateway's to the read, as the same-answer yardstick repeats it. */
async function recordAnswer(url: string, authorization: string): Promise<RecordedAnswer> {
  const answer = await fetch(url, { headers: { authorization } });
  if (!answer.ok) throw new Error(`the gateway answered the read with ${answer.status}`);
  return { headers: [...answer.headers].filter(([name]) => !PER_REQUEST_HEADERS.has(name)), body: await answer.text() };
}

/**
 * Cached reads at full speed: `GET /v1/users/{id}` with a client token, always a cache hit, against
 * a bare `node:http` hello-world, each closed-loop with the same connections, alternating round by
 * round. express 5 with helmet answering hello-world runs alongside as the framework's own floor,
 * and `node:http` sending the gateway's own answer as what writing that answer costs Node.
 */
export async function cacheHitThroughput(env: BenchEnvironment): Promise<ScenarioResult> {
  const { connections, seconds, rounds } = env.profile.cacheHit;
  const gateway = await env.startGateway('cache-hit', { rebilly: 'rebilly' }, CACHE_ALWAYS_FRESH);
  const nodeHttp = await startYardstick('node-http');
  const express = await startYardstick('express');
  const readUrl = `${gateway.origin}${CACHED_READ_PATH}`;
  const sameAnswer = await startYardstick('same-answer', await recordAnswer(readUrl, env.authorization));
  const servers: Record<Server, { url: string; headers?: Record<string, string>; serverPid: number }> = {
    nodeHttp: { url: nodeHttp.origin, serverPid: nodeHttp.pid },
    express: { url: express.origin, serverPid: express.pid },
    sameAnswer: { url: sameAnswer.origin, serverPid: sameAnswer.pid },
    gateway: { url: readUrl, headers: { authorization: env.authorization }, serverPid: gateway.pid },
  };
  try {
    let failures = 0;
    for (const server of Object.values(servers)) failures += (await maxThroughput({ ...server, connections, seconds: env.profile.warmupSeconds })).failures;
    const cacheLookups = async () => ({
      hits: await gatewayMetric(gateway.metricsOrigin, 'usergate_cache_lookups_total', { result: 'hit' }),
      misses: await gatewayMetric(gateway.metricsOrigin, 'usergate_cache_lookups_total', { result: 'miss' }),
    });
    const before = await cacheLookups();
    const measured: Record<Server, Throughput>[] = [];
    for (let pass = 0; pass < rounds; pass += 1) {
      const one = {} as Record<Server, Throughput>;
      for (const [name, server] of Object.entries(servers) as [Server, (typeof servers)[Server]][]) {
        one[name] = await maxThroughput({ ...server, connections, seconds });
        failures += one[name].failures;
      }
      measured.push(one);
    }
    const after = await cacheLookups();
    const percent = (server: Server, of: Server) => round(median(measured.map((one) => (100 * one[server].requestsPerSecond) / one[of].requestsPerSecond)), 1);
    const rate = (server: Server) =>
      `${median(measured.map((one) => one[server].requestsPerSecond))} req/s (${median(measured.map((one) => one[server].cpuMicrosecondsPerRequest))} µs CPU each)`;
    return {
      figures: [
        figure({
          figure: 'Cache-hit throughput',
          sideBySide: `gateway ${rate('gateway')} vs node:http ${rate('nodeHttp')}`,
          result: percent('gateway', 'nodeHttp'),
          unit: '% of node:http',
          target: { atLeast: 40 },
        }),
      ],
      failures,
      details: {
        connections,
        secondsPerRound: seconds,
        expressPercentOfNodeHttp: percent('express', 'nodeHttp'),
        gatewayPercentOfExpress: percent('gateway', 'express'),
        sameAnswer: rate('sameAnswer'),
        sameAnswerPercentOfNodeHttp: percent('sameAnswer', 'nodeHttp'),
        gatewayPercentOfSameAnswer: percent('gateway', 'sameAnswer'),
        cacheHitsDuringRounds: after.hits - before.hits,
        cacheMissesDuringRounds: after.misses - before.misses,
        rounds: measured,
      },
    };
  } finally {
    await Promise.all([gateway.stop(), nodeHttp.stop(), express.stop(), sameAnswer.stop()]);
  }
}
