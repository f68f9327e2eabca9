import { randomUUID } from 'node:crypto';
import type { GuardedRedis } from './redis-guard';

const HEARTBEAT_MS = 2_000;
/** An instance that missed this many heartbeats in a row no longer counts. */
const GONE_AFTER_MS = 3 * HEARTBEAT_MS;

/**
 * How many gateway instances share this Redis (and so the providers' quotas). While Redis is up,
 * each instance beats into one sorted set (one key, so a Cluster keeps it on one slot, with a TTL);
 * while it is down, the count last seen stands, so that each instance paces itself on its share.
 */
export class LiveInstances {
  private readonly id = randomUUID();
  private readonly key: string;
  private lastSeen = 1;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: GuardedRedis | undefined,
    /** Set by the operator (`redis.instances`): then nothing is counted. */
    private readonly configured?: number,
  ) {
    this.key = `${redis?.keyPrefix ?? ''}instances`;
  }

  count(): number {
    return this.configured ?? this.lastSeen;
  }

  start(): void {
    if (!this.redis || this.configured !== undefined || this.timer) return;
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const { redis } = this;
    if (redis?.usable) await redis.run((client) => client.zrem(this.key, this.id)).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    const { redis } = this;
    if (!redis?.usable) return;
    const now = Date.now();
    const results = await redis
      .run((client) =>
        client
          .multi()
          .zadd(this.key, now, this.id)
          .zremrangebyscore(this.key, '-inf', now - GONE_AFTER_MS)
          .zcard(this.key)
          .pexpire(this.key, GONE_AFTER_MS)
          .exec(),
      )
      .catch(() => null);
    const counted = Number(results?.[2]?.[1]);
    if (counted >= 1) this.lastSeen = counted;
  }
}
