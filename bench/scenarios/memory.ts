import { setTimeout as delay } from 'node:timers/promises';
import type { BenchEnvironment } from '../environment';
import { figure, type ScenarioResult } from '../figures';
import { runAutocannon } from '../load/autocannon';
import { benchUserId, CACHE_ALWAYS_FRESH } from '../processes/bench-users';
import { openSockets, processMemory } from '../processes/proc-status';
import { round } from '../stats';

const SAMPLE_EVERY_MS = 200;
const MEGABYTE = 1024 * 1024;

/**
 * The gateway's resident memory (as the kernel counts it, which is what a container limit holds
 * it to) while many keep-alive connections each do a cached read every second, all at the top of
 * the second, so that every connection has a request in flight at once. The sockets the gateway
 * holds are counted too, to show the connections were really open together.
 */
export async function memoryUnderConnections(env: BenchEnvironment): Promise<ScenarioResult> {
  const { connections, seconds } = env.profile.memory;
  const gateway = await env.startGateway('memory', { rebilly: 'rebilly' }, CACHE_ALWAYS_FRESH);
  try {
    const url = `${gateway.origin}/v1/users/rebilly:${benchUserId(2)}`;
    await fetch(url, { headers: { authorization: env.authorization } });
    const idle = processMemory(gateway.pid);
    let peakRssBytes = idle.rssBytes;
    let peakSockets = 0;
    const loadOver = new AbortController();
    const sampling = (async () => {
      while (!loadOver.signal.aborted) {
        peakRssBytes = Math.max(peakRssBytes, processMemory(gateway.pid).rssBytes);
        peakSockets = Math.max(peakSockets, openSockets(gateway.pid));
        await delay(SAMPLE_EVERY_MS);
      }
    })();
    const result = await runAutocannon({ url, headers: { authorization: env.authorization }, connections, connectionRate: 1, duration: seconds });
    loadOver.abort();
    await sampling;
    const peakMegabytes = round(peakRssBytes / MEGABYTE, 1);
    return {
      figures: [
        figure({
          figure: `Memory at ${connections} keep-alive connections`,
          sideBySide: `peak RSS ${peakMegabytes} MB under load vs ${round(idle.rssBytes / MEGABYTE, 1)} MB idle, ${peakSockets} sockets open`,
          result: peakMegabytes,
          unit: 'MB RSS',
          target: { atMost: 200 },
        }),
      ],
      failures: result.non2xx + result.errors + result.timeouts,
      details: {
        connections,
        seconds,
        requestsPerSecond: Math.round(result['2xx'] / result.duration),
        idleRssMB: round(idle.rssBytes / MEGABYTE, 1),
        peakRssMB: peakMegabytes,
        highWaterMarkMB: round(processMemory(gateway.pid).peakRssBytes / MEGABYTE, 1),
        peakOpenSockets: peakSockets,
      },
    };
  } finally {
    await gateway.stop();
  }
}
