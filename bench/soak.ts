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
import { startGateway, type GatewayUnderTest } from './processes/gateway';
import { processMemory } from './processes/proc-status';
import { startSimulators } from './processes/simulators';
import { round, tailLatency } from './stats';

const JWT = { audience: 'usergate-soak', issuer: 'usergate-soak' };
/** Whatever hangs, the soak stops itself this long after its planned end. */
const GRACE_MS = 60_000;

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
 * At the end: answers by kind and status, latency, each gateway's RSS (start and end), and the
 * Redis keys under its prefix, with those that have no TTL. Writes bench/soak-results.json (test/chaos/README.md reads it).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '5' },
      rate: { type: 'string', default: '50' },
      out: { type: 'string', default: join(__dirname, '../../bench') },
    },
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  setTimeout(
    () => {
      console.error('the soak did not stop by itself; giving up');
      process.exit(1);
    },
    minutes * 60_000 + GRACE_MS,
  ).unref();

  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const keyPrefix = `usergate-soak:${randomBytes(4).toString('hex')}:`;
  const workDir = mkdtempSync(join(tmpdir(), 'usergate-soak-'));
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
    connections: Object.fromEntries(
      simulated.map((adapter) => {
        const { baseUrl, credentials, options } = simulators.byProvider(adapter.name);
        return [adapter.name, { adapter: adapter.name, baseUrl, credentials, options }];
      }),
    ),
  };
  const gateways: GatewayUnderTest[] = [];
  try {
    for (const name of ['soak-a', 'soak-b']) gateways.push(await startGateway(name, config, env, workDir));
    const rssAtStart = gateways.map((gateway) => mib(processMemory(gateway.pid).rssBytes));
    const token = mintToken(
      { secret, algorithms: ['HS256'], ...JWT },
      { subject: 'soak-client', scopes: ['users:read', 'users:write', 'users:pii'], ttlSeconds: 3600 },
    );
    const outcomes = await sendMix(gateways, requestMix(simulated), `Bearer ${token}`, rate, minutes * 60_000);
    const rssMiB = gateways.map((gateway, index) => ({ start: rssAtStart[index], end: mib(processMemory(gateway.pid).rssBytes) }));
    const keys = await redisKeys(redisUrl, keyPrefix);
    const results = {
      startedAt: new Date(Date.now() - minutes * 60_000).toISOString(),
      minutes,
      ratePerSecond: rate,
      machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 1024 ** 3), loadAverageAtEnd: loadavg().map((load) => Math.round(load * 100) / 100) },
      ...outcomes,
      rssMiB,
      redis: keys,
    };
    writeFileSync(join(values.out, 'soak-results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await simulators.stop();
    rmSync(workDir, { recursive: true, force: true });
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
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
