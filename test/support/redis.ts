import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export async function ensureRedis(): Promise<void> {
  if (await answers(TEST_REDIS_URL)) return;
  const { port } = new URL(TEST_REDIS_URL);
  const started = spawnSync('redis-server', ['--port', port || '6379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes'], {
    stdio: 'inherit',
  });
  if (started.error || started.status !== 0) {
    throw new Error(`No Redis at ${TEST_REDIS_URL} and redis-server could not be started (install Debian's redis-server).`);
  }
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await answers(TEST_REDIS_URL)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server was started but ${TEST_REDIS_URL} does not answer.`);
}

/** A key prefix of its own for each test file, so parallel runs never see each other's keys. */
export function uniqueKeyPrefix(): string {
  return `usergate-test:${randomBytes(6).toString('hex')}:`;
}
