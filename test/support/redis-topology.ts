import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './private-redis';

/** One redis-server (or sentinel) process of a test's own, in a temp dir, on a free port. */
export interface RedisProcess {
  port: number;
  address: string;
  /** A client of this one server (the caller disconnects it). */
  client(): Redis;
  /** SIGKILL: the server is gone at once, as when a machine dies. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: connections stay open but nothing answers, as with a Redis stuck on a slow command. */
  pause(): void;
  resume(): void;
}

/** Master, replica and one sentinel watching them as `mymaster` (quorum 1: a manual failover needs no vote). */
export interface SentinelGroup {
  name: string;
  sentinels: string[];
  master: RedisProcess;
  replica: RedisProcess;
  sentinel: RedisProcess;
  /** The address sentinel names as master now. */
  masterAddress(): Promise<string>;
  /** `SENTINEL FAILOVER`, resolving once the replica is master and the old master follows it. */
  failover(): Promise<void>;
  stop(): Promise<void>;
}

export interface RedisCluster {
  nodes: string[];
  masters: RedisProcess[];
  /** `cluster_state` as the given node reports it. */
  state(node: RedisProcess): Promise<string>;
  stop(): Promise<void>;
}

const BASE = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'];

export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition().catch(() => false)) return;
    await delay(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A redis-server of its own in `dir` (a temp dir of the caller's). */
export async function startRedisProcess(dir: string, args: string[], configFile?: string): Promise<RedisProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', [...(configFile ? [configFile] : []), '--port', String(port), '--dir', dir, ...BASE, ...args], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = () => {
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    redis.on('error', () => undefined);
    return redis;
  };
  await waitUntil(
    async () => {
      const probe = client();
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    },
    5_000,
    `redis-server on ${port}`,
  );
  return {
    port,
    address: `127.0.0.1:${port}`,
    client,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
  };
}

async function withClient<T>(server: RedisProcess, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = server.client();
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

async function role(server: RedisProcess): Promise<string> {
  return withClient(server, async (redis) => /role:(\w+)/.exec(await redis.info('replication'))?.[1] ?? 'unknown');
}

async function linkUp(server: RedisProcess): Promise<boolean> {
  return withClient(server, async (redis) => (await redis.info('replication')).includes('master_link_status:up'));
}

export async function startSentinelGroup(): Promise<SentinelGroup> {
  const dir = mkdtempSync(join(tmpdir(), 'usergate-sentinel-'));
  const name = 'mymaster';
  const master = await startRedisProcess(dir, ['--dbfilename', 'master.rdb']);
  const replica = await startRedisProcess(dir, ['--dbfilename', 'replica.rdb', '--replicaof', '127.0.0.1', String(master.port)]);
  await waitUntil(() => linkUp(replica), 10_000, 'the replica to sync');
  const configFile = join(dir, 'sentinel.conf');
  writeFileSync(
    configFile,
    [
      `sentinel monitor ${name} 127.0.0.1 ${master.port} 1`,
      `sentinel down-after-milliseconds ${name} 2000`,
      `sentinel failover-timeout ${name} 10000`,
      `sentinel parallel-syncs ${name} 1`,
      '',
    ].join('\n'),
  );
  const sentinel = await startRedisProcess(dir, ['--sentinel'], configFile);
  const masterAddress = () =>
    withClient(sentinel, async (redis) => {
      const [host, port] = (await redis.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as [string, string];
      return `${host}:${port}`;
    });
  // Sentinel must have seen the replica before it can promote it.
  await waitUntil(
    () => withClient(sentinel, async (redis) => ((await redis.call('SENTINEL', 'REPLICAS', name)) as unknown[]).length === 1),
    10_000,
    'sentinel to discover the replica',
  );
  return {
    name,
    sentinels: [sentinel.address],
    master,
    replica,
    sentinel,
    masterAddress,
    async failover() {
      const [from, to] = (await masterAddress()) === master.address ? [master, replica] : [replica, master];
      await withClient(sentinel, (redis) => redis.call('SENTINEL', 'FAILOVER', name));
      await waitUntil(async () => (await masterAddress()) === to.address && (await role(to)) === 'master', 20_000, 'the promotion');
      await waitUntil(async () => (await role(from)) === 'slave' && (await linkUp(from)), 30_000, 'the old master to follow the new one');
    },
    async stop() {
      await Promise.all([sentinel.kill(), replica.kill(), master.kill()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Redis Cluster of `size` masters and no replicas, made with `redis-cli --cluster create`. */
export async function startCluster(size = 3, nodeTimeoutMs = 1_000): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'usergate-cluster-'));
  const masters: RedisProcess[] = [];
  for (let index = 0; index < size; index += 1) {
    masters.push(
      await startRedisProcess(dir, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${index}.conf`,
        '--cluster-node-timeout',
        String(nodeTimeoutMs),
      ]),
    );
  }
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...masters.map((node) => node.address), '--cluster-replicas', '0', '--cluster-yes'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
  const state = (node: RedisProcess) =>
    withClient(node, async (redis) => /cluster_state:(\w+)/.exec((await redis.call('CLUSTER', 'INFO')) as string)?.[1] ?? '');
  await waitUntil(async () => (await Promise.all(masters.map(state))).every((value) => value === 'ok'), 20_000, 'the cluster to be ok');
  return {
    nodes: masters.map((node) => node.address),
    masters,
    state,
    async stop() {
      await Promise.all(masters.map((node) => node.kill()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
