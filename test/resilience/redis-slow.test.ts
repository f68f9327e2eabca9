import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startHarness, type Harness } from '../support/harness';
import { startRedisProcess, type RedisProcess } from '../support/redis-topology';
import { adapterWith, personId } from '../support/registry';

const adapter = adapterWith({});
const user = `/v1/users/${encodeURIComponent(personId(adapter))}`;
const COMMAND_TIMEOUT_MS = 500;

/** A Redis that stops answering (SIGSTOP) but keeps its connections: every command would wait its whole timeout. */
describe('a Redis that hangs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'usergate-slow-redis-'));
  let redis: RedisProcess | undefined;
  let harness: Harness | undefined;
  beforeAll(async () => {
    redis = await startRedisProcess(dir, []);
    harness = await startHarness({
      redis: { url: `redis://${redis.address}`, commandTimeoutMs: COMMAND_TIMEOUT_MS },
      cache: { enabled: true },
      rateLimit: { requests: 1000, perSeconds: 1 },
      logLevel: 'info',
      connections: [{ adapter }],
    });
    expect((await read()).status).toBe(200);
  });
  afterAll(async () => {
    redis?.resume();
    await harness?.close();
    await redis?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const read = () => harness!.http.get(user).set('Authorization', harness!.bearer());
  const timed = async () => {
    const started = performance.now();
    const response = await read();
    return { status: response.status, ms: performance.now() - started };
  };

  it('when Redis hangs, then no read waits for more than one commandTimeoutMs of it', async () => {
    redis!.pause();
    // Each read sends several commands one after another (rate limit, cache, outbound pacing): only the first may wait.
    const reads = [];
    for (let index = 0; index < 8; index += 1) reads.push(await timed());
    redis!.resume();
    expect(reads.every((read) => read.status === 200)).toBe(true);
    // Slack for a loaded machine; several timeouts in a row would be 1,500 ms or more.
    expect(Math.max(...reads.map((read) => read.ms))).toBeLessThan(COMMAND_TIMEOUT_MS + 700);
    expect(harness!.logs.join('')).toContain('redis breaker open');
  });

  it('when Redis answers again, then it is used again within seconds', async () => {
    redis!.resume();
    await delay(1_500);
    await read();
    await read();
    expect((await read()).headers['cache-status']).toMatch(/^usergate; hit/);
  });
});
