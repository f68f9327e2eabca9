import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { adapters } from '../adapters';
import { mintToken } from '../src/auth/jwt';
import type { AdapterDefinition } from '../src/connections/adapter';
import { KeyRing } from '../src/secrets/key-ring';
import { compactJson } from './compact-json';
import { addSample, emptySeries, trend, type MemorySeries } from './memory-series';
import { startGateway, type GatewayExit, type GatewayUnderTest } from './processes/gateway';
import { processMemory } from './processes/proc-status';
import { startSimulators } from './processes/simulators';
import { round, tailLatency } from './stats';

const JWT = { audience: 'usergate-soak', issuer: 'usergate-soak' };
/** Whatever hangs, the soak stops itself this long after its planned end. */
const GRACE_MS = 60_000;
/** A sample waits this long for a gateway's /metrics before it records the heap as unknown. */
const METRICS_TIMEOUT_MS = 2_000;
/** Set once the soak stops the gateways itself: an exit after that is not a finding. */
let stopping = false;

/** One request of the mix, and what it is called in the results. */
interface Call {
  kind: 'read' | 'lookup' | 'create' | 'create-repeat';
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  idempotencyKey?: string;
}

/**
 * `npm run soak` (`node dist/bench/soak.js --minutes 5 --rate 50`): two gateway processes on one
 * Redis (REDIS_URL, else 127.0.0.1:6379, under a key prefix of its own) in front of every simulator,
 * under an open-loop mix of reads, lookups and keyed creates (some repeated), sent to both in turn.
 * Along the way, every few seconds, each gateway's RSS (/proc) and V8 heap (its own /metrics). At the
 * end: answers by kind and status, latency, each gateway's memory (start, peak, end, the series) and
 * how it exited if it died early, and the Redis keys under its prefix, with those that have no TTL.
 * Writes bench/soak-results.json (test/chaos/README.md reads it). When a gateway dies early or the
 * run fails, the work directory (each gateway's config, log and audit log) is kept and named.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '5' },
      rate: { type: 'string', default: '50' },
      'sample-seconds': { type: 'string', default: '5' },
      out: { type: 'string', default: join(__dirname, '../../bench') },
    },
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  const sampleSeconds = Number(values['sample-seconds']);
  const workDir = mkdtempSync(join(tmpdir(), 'usergate-soak-'));
  setTimeout(
    () => {
      console.error(`the soak did not stop by itself; giving up (its work directory is kept: ${workDir})`);
      process.exit(1);
    },
    minutes * 60_000 + GRACE_MS,
  ).unref();

  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const keyPrefix = `usergate-soak:${randomBytes(4).toString('hex')}:`;
  const simulators = await startSimulators();
  // The simulator host runs some of the registry's providers; the soak uses those.
  const simulated = adapters.filter((adapter) => {
    try {
      simulators.byProvider(adapter.name);
      return true;
    } catch {
      return false;
    }
  });
  const secret = randomBytes(32).toString('base64url');
  const env = { SOAK_JWT_SECRET: secret, USERGATE_SECRETS_KEYS: KeyRing.generateEntry('soak') };
  const config = {
    server: { host: '127.0.0.1', shutdownDelayMs: 0 },
    metrics: { port: 0 },
    logging: { level: 'info' },
    auth: { jwt: { secret: '${SOAK_JWT_SECRET}', ...JWT } },
    redis: { url: redisUrl, keyPrefix },
    // One store for both, as instances of one deployment share theirs; in the work directory, never the current one's `./data`.
    store: { sqlite: { path: join(workDir, 'usergate.db') } },
    connections: Object.fromEntries(
      simulated.map((adapter) => {
        const { baseUrl, credentials, options } = simulators.byProvider(adapter.name);
        return [adapter.name, { adapter: adapter.name, baseUrl, credentials, options }];
      }),
    ),
  };
  const gateways: SoakedGateway[] = [];
  let keepWorkDir = true;
  let loadBegan = Date.now();
  const secondsIntoLoad = () => Math.round((Date.now() - loadBegan) / 1000);
  try {
    for (const name of ['soak-a', 'soak-b']) {
      const soaked: SoakedGateway = { name, gateway: await startGateway(name, config, env, workDir), series: emptySeries() };
      void soaked.gateway.exited.then((exit) => {
        if (!stopping) soaked.diedEarly = { ...exit, atSecond: secondsIntoLoad() };
      });
      gateways.push(soaked);
    }
    const token = mintToken(
      { secret, algorithms: ['HS256'], ...JWT },
      { subject: 'soak-client', scopes: ['users:read', 'users:write', 'users:pii'], ttlSeconds: 3600 },
    );
    loadBegan = Date.now();
    const sampler = sampleMemory(gateways, sampleSeconds, secondsIntoLoad);
    const outcomes = await sendMix(
      gateways.map(({ gateway }) => gateway),
      requestMix(simulated),
      `Bearer ${token}`,
      rate,
      minutes * 60_000,
    );
    await sampler.stop();
    const keys = await redisKeys(redisUrl, keyPrefix);
    const results = {
      startedAt: new Date(loadBegan).toISOString(),
      minutes,
      ratePerSecond: rate,
      machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 1024 ** 3), loadAverageAtEnd: loadavg().map((load) => Math.round(load * 100) / 100) },
      ...outcomes,
      gateways: gateways.map(({ name, gateway, series, diedEarly }) => ({
        name,
        diedEarly: diedEarly ?? null,
        rssMiB: { ...trend(series.atSecond, series.rssMiB), peakByKernel: peakRssMiB(gateway.pid) },
        heapUsedMiB: trend(series.atSecond, series.heapUsedMiB),
        oldUsedMiB: trend(series.atSecond, series.oldUsedMiB),
        youngSizeMiB: trend(series.atSecond, series.youngSizeMiB),
      })),
      redis: keys,
      memorySeries: { everySeconds: sampleSeconds, byGateway: Object.fromEntries(gateways.map(({ name, series }) => [name, series])) },
    };
    keepWorkDir = gateways.some((gateway) => gateway.diedEarly);
    writeFileSync(join(values.out, 'soak-results.json'), `${compactJson(results)}\n`);
    process.stdout.write(`${compactJson(results)}\n`);
    if (keepWorkDir) process.exitCode = 1;
  } finally {
    stopping = true;
    await Promise.all(gateways.map(({ gateway }) => gateway.stop()));
    await simulators.stop();
    if (keepWorkDir) console.error(`kept the work directory (each gateway's config, log and audit log): ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

interface SoakedGateway {
  name: string;
  gateway: GatewayUnderTest;
  /** Its memory along the load. */
  series: MemorySeries;
  /** How it ended, if it did before the soak stopped it, and when (seconds into the load). */
  diedEarly?: GatewayExit & { atSecond: number };
}

/** Every `everySeconds`, each live gateway's RSS and V8 heap into its series; `stop` takes a last sample. */
function sampleMemory(gateways: readonly SoakedGateway[], everySeconds: number, secondsIntoLoad: () => number) {
  const sampleAll = () =>
    Promise.all(
      gateways.map(async ({ gateway, series }) => {
        const atSecond = secondsIntoLoad();
        const rssBytes = currentRss(gateway.pid);
        addSample(series, { atSecond, rssBytes, metrics: await metricsText(gateway.metricsOrigin) });
      }),
    );
  let sampling = sampleAll();
  const timer = setInterval(() => {
    sampling = sampling.then(sampleAll);
  }, everySeconds * 1000);
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await (sampling = sampling.then(sampleAll));
    },
  };
}

/** A process that has gone has no RSS, and that is recorded as unknown rather than ending the soak. */
function currentRss(pid: number): number | undefined {
  try {
    return processMemory(pid).rssBytes;
  } catch {
    return undefined;
  }
}

function peakRssMiB(pid: number): number | null {
  try {
    return mib(processMemory(pid).peakRssBytes);
  } catch {
    return null;
  }
}

async function metricsText(origin: string): Promise<string | undefined> {
  try {
    return await (await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(METRICS_TIMEOUT_MS) })).text();
  } catch {
    return undefined;
  }
}

/** Open loop: one request every 1/rate s whatever the earlier ones are doing, to each gateway in turn. */
async function sendMix(gateways: GatewayUnderTest[], mix: () => Call, authorization: string, rate: number, durationMs: number) {
  const statuses: Record<string, Record<string, number>> = {};
  const latenciesMs: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  const started = Date.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (Date.now() - started >= durationMs) {
        clearInterval(timer);
        resolve();
        return;
      }
      const call = mix();
      const gateway = pick(gateways, sent);
      sent += 1;
      const begun = performance.now();
      const request = fetch(`${gateway.origin}${call.path}`, {
        method: call.method,
        headers: {
          authorization,
          ...(call.body !== undefined && { 'content-type': 'application/json' }),
          ...(call.idempotencyKey && { 'idempotency-key': call.idempotencyKey }),
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(15_000),
      })
        .then(async (response) => {
          const text = await response.text();
          // A refusal is counted with its problem code (`429 rate_limited`), so that where it came from is on record.
          return response.ok ? String(response.status) : `${response.status} ${problemCode(text)}`;
        })
        .catch((error: unknown) => (error instanceof Error ? error.name : 'error'))
        .then((status) => {
          latenciesMs.push(performance.now() - begun);
          const byStatus = (statuses[call.kind] ??= {});
          byStatus[status] = (byStatus[status] ?? 0) + 1;
        });
      const tracked = request.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }, 1000 / rate);
  });
  await Promise.all(inFlight);
  latenciesMs.sort((a, b) => a - b);
  return {
    requests: sent,
    statuses,
    latencyMs: { ...tailLatency(latenciesMs), max: round(latenciesMs.at(-1) ?? 0, 1) },
  };
}

/** 70% reads of the demo people (cached), 15% lookups by email (fan-out), 10% keyed creates, 5% repeats of an earlier create. */
function requestMix(simulated: readonly AdapterDefinition[]): () => Call {
  const readable = simulated.map((adapter) => `/v1/users/${encodeURIComponent(`${adapter.name}:${adapter.demo.personId}`)}`);
  const creating = simulated.flatMap((adapter) =>
    adapter.capabilities.create && adapter.demo.newUser ? [{ connection: adapter.name, ...adapter.demo.newUser }] : [],
  );
  const created: Call[] = [];
  let count = 0;
  // Creates count apart, so that they take turns over every connection that can create.
  let creates = 0;
  return () => {
    count += 1;
    const roll = count % 20;
    if (roll < 14) return { kind: 'read', method: 'GET', path: pick(readable, count) };
    if (roll < 17) return { kind: 'lookup', method: 'GET', path: '/v1/users?email=egle.jankauskiene%40example.com' };
    const earlier = created[count % Math.max(1, created.length)];
    if (roll === 19 && earlier) return { ...earlier, kind: 'create-repeat' };
    const newUser = pick(creating, (creates += 1));
    const email = `soak.${randomBytes(5).toString('hex')}@example.com`;
    const call: Call = {
      kind: 'create',
      method: 'POST',
      path: '/v1/users',
      body: { connection: newUser.connection, user: { ...newUser.user, email }, ...(newUser.password !== undefined && { password: newUser.password }) },
      idempotencyKey: `soak-${count}`,
    };
    created.push(call);
    if (created.length > 500) created.shift();
    return call;
  };
}

function problemCode(text: string): string {
  try {
    const { code } = JSON.parse(text) as { code?: unknown };
    return typeof code === 'string' ? code : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Keys under the soak's prefix, and how many have no TTL (none should: every key the gateway writes expires). */
async function redisKeys(url: string, keyPrefix: string): Promise<{ keys: number; withoutTtl: number; byKind: Record<string, number> }> {
  const redis = new Redis(url);
  try {
    let keys = 0;
    let withoutTtl = 0;
    const byKind: Record<string, number> = {};
    for await (const batch of redis.scanStream({ match: `${keyPrefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      for (const key of batch) {
        keys += 1;
        const kind = key.slice(keyPrefix.length).split(':')[0] ?? '';
        byKind[kind] = (byKind[kind] ?? 0) + 1;
        if ((await redis.pttl(key)) === -1) withoutTtl += 1;
      }
    }
    return { keys, withoutTtl, byKind };
  } finally {
    redis.disconnect();
  }
}

function pick<T>(list: readonly T[], index: number): T {
  const item = list[index % list.length];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

function mib(bytes: number): number {
  return Math.round((bytes / 1024 ** 2) * 10) / 10;
}

main().then(
  // Whatever the run set: 1 when it lost a gateway.
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
