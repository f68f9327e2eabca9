import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { BenchEnvironment } from '../environment';
import type { GatewayUnderTest } from '../processes/gateway';
import { figure, type ScenarioResult } from '../figures';
import { runAutocannon } from '../load/autocannon';
import { benchUserId } from '../processes/bench-users';
import { processMemory } from '../processes/proc-status';
import { seededConnection, seedStore } from '../processes/seed-store';
import { round } from '../stats';

const SAMPLE_EVERY_MS = 200;
const MEGABYTE = 1024 * 1024;
const CLIENT_CONNECTIONS = 50;

/**
 * Tenants at scale (DESIGN §8): a store holding `tenants × perTenant` stored connections. The
 * gateway's start (spawn to listening) beside the same gateway's start with an empty store; then
 * `readsEach` reads through each of `active` of those connections, in turns (each connection opened
 * on its first use and calling the provider every time: the cache is off), by an ops client naming
 * the tenant per request: the gateway's peak RSS beside a fresh gateway's peak under the same reads
 * through only as many connections as there are clients, which tells what the connections cost
 * from what the load itself costs.
 */
export async function tenantsAtScale(env: BenchEnvironment): Promise<ScenarioResult> {
  const { tenants, perTenant, active, readsEach } = env.profile.tenants;
  const simulator = env.simulators.byProvider('rebilly');
  const storePath = join(env.workDir, 'tenants-seeded.db');
  const seeded = await seedStore(storePath, simulator, tenants, perTenant);
  const keys = { USERGATE_SECRETS_KEYS: seeded.keys };

  const emptyStarted = Date.now();
  const empty = await env.startGateway('tenants-empty', { rebilly: 'rebilly' }, { enabled: false }, {}, keys);
  const emptyStartMs = Date.now() - emptyStarted;
  await empty.stop();

  const started = Date.now();
  const gateway = await env.startGateway('tenants', { rebilly: 'rebilly' }, { enabled: false }, { store: { sqlite: { path: storePath } } }, keys);
  const startMs = Date.now() - started;
  let load: PeakUnderLoad;
  try {
    load = await peakUnderLoad(env, gateway, active, active * readsEach, tenants);
  } finally {
    await gateway.stop();
  }
  // The same reads through as few connections as there are clients: what the load costs without a thousand connections opened.
  const few = await env.startGateway('tenants-few', { rebilly: 'rebilly' }, { enabled: false }, { store: { sqlite: { path: storePath } } }, keys);
  let fewLoad: PeakUnderLoad;
  try {
    fewLoad = await peakUnderLoad(env, few, CLIENT_CONNECTIONS, active * readsEach, tenants);
  } finally {
    await few.stop();
  }
  const { result } = load;
  const peakMegabytes = round(load.peakRssBytes / MEGABYTE, 1);
  const idleMegabytes = round(load.idleRssBytes / MEGABYTE, 1);
  const fewPeakMegabytes = round(fewLoad.peakRssBytes / MEGABYTE, 1);
  return {
    figures: [
      figure({
        figure: `Start with ${seeded.connections} stored connections over ${tenants} tenants`,
        sideBySide: `spawn to listening ${startMs} ms (${gateway.startedInMs} ms in the process) vs ${emptyStartMs} ms (${empty.startedInMs} ms) with an empty store`,
        result: round(startMs / 1000, 2),
        unit: 's',
        target: { atMost: 2 },
      }),
      figure({
        figure: `Memory with ${active} stored connections in use`,
        sideBySide: `peak RSS ${peakMegabytes} MB reading through ${active} connections vs ${fewPeakMegabytes} MB through ${CLIENT_CONNECTIONS} (the same ${result['2xx']} reads), ${idleMegabytes} MB once started`,
        result: peakMegabytes,
        unit: 'MB RSS',
        target: { atMost: 300 },
      }),
    ],
    failures: [result, fewLoad.result].reduce((sum, run) => sum + run.non2xx + run.errors + run.timeouts, 0),
    details: {
      storedConnections: seeded.connections,
      tenants,
      activeConnections: active,
      startMs,
      startedInProcessMs: gateway.startedInMs,
      emptyStoreStartMs: emptyStartMs,
      emptyStoreStartedInProcessMs: empty.startedInMs,
      idleRssMB: idleMegabytes,
      peakRssMB: peakMegabytes,
      highWaterMarkMB: round(load.highWaterMarkBytes / MEGABYTE, 1),
      peakRssThroughFewMB: fewPeakMegabytes,
      requestsPerSecond: Math.round(result['2xx'] / result.duration),
      reads: result['2xx'],
    },
  };
}

interface PeakUnderLoad {
  result: Awaited<ReturnType<typeof runAutocannon>>;
  idleRssBytes: number;
  peakRssBytes: number;
  highWaterMarkBytes: number;
}

/**
 * `amount` reads through the first `connections` seeded connections in turns (one turn shared by
 * every client goes round them, so all of them are in use, each calling its provider), by an ops
 * client naming the tenant per request; the gateway's RSS sampled meanwhile.
 */
async function peakUnderLoad(env: BenchEnvironment, gateway: GatewayUnderTest, connections: number, amount: number, tenants: number): Promise<PeakUnderLoad> {
  const idle = processMemory(gateway.pid);
  let peakRssBytes = idle.rssBytes;
  const loadOver = new AbortController();
  const sampling = (async () => {
    while (!loadOver.signal.aborted) {
      peakRssBytes = Math.max(peakRssBytes, processMemory(gateway.pid).rssBytes);
      await delay(SAMPLE_EVERY_MS);
    }
  })();
  let next = 0;
  const result = await runAutocannon({
    url: gateway.origin,
    headers: { authorization: env.opsAuthorization },
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const index = next++ % connections;
          const { tenant, name } = seededConnection(index, tenants);
          return {
            ...request,
            path: `/v1/users/${name}:${benchUserId(index)}`,
            headers: { ...request.headers, authorization: env.opsAuthorization, 'usergate-tenant': tenant },
          };
        },
      },
    ],
    connections: CLIENT_CONNECTIONS,
    amount,
    // However slow the machine: the figure is memory with every connection in use, not a rate.
    timeout: 60,
  });
  loadOver.abort();
  await sampling;
  return { result, idleRssBytes: idle.rssBytes, peakRssBytes, highWaterMarkBytes: processMemory(gateway.pid).peakRssBytes };
}
