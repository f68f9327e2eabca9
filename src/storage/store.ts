import { SpanKind } from '@opentelemetry/api';
import type { ChainableCommander } from 'ioredis';
import { inSpan } from '../observability/spans';
import type { RedisClient } from './redis';
import type { GuardedRedis } from './redis-guard';

/**
 * The little shared state the gateway keeps (idempotency records, cached reads, provider tokens),
 * in Redis when configured so that every instance sees the same, otherwise in this process.
 */
export interface KeyValueStore {
  readonly kind: 'memory' | 'redis';
  /** False while the backing server is unreachable, so fail-open callers can skip it at once. */
  isAvailable(): boolean;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets only when the key is absent; true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Deletes only while the key still holds `value` (releasing a lock that may have expired and been retaken). */
  deleteIfValue(key: string, value: string): Promise<void>;
  /** Sets `value` only while the key still holds `expected` (a compare-and-set); true when this call set it. */
  replaceIfValue(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;
}

export class MemoryStore implements KeyValueStore {
  readonly kind = 'memory';
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  isAvailable(): boolean {
    return true;
  }

  get(key: string): Promise<string | null> {
    return Promise.resolve(this.read(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.write(key, value, ttlMs);
    return Promise.resolve();
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.read(key) !== null) return Promise.resolve(false);
    this.write(key, value, ttlMs);
    return Promise.resolve(true);
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  deleteIfValue(key: string, value: string): Promise<void> {
    if (this.read(key) === value) this.entries.delete(key);
    return Promise.resolve();
  }

  replaceIfValue(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.read(key) !== expected) return Promise.resolve(false);
    this.write(key, value, ttlMs);
    return Promise.resolve(true);
  }

  private read(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  private write(key: string, value: string, ttlMs: number): void {
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    this.sweepSometimes();
  }

  /** Expired entries are dropped on read; this keeps never-read ones from piling up. */
  private sweepSometimes(): void {
    if (this.entries.size % 1024 !== 0) return;
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

/** Atomic compare-and-delete: a plain GET then DEL could delete the next holder's value. */
const DELETE_IF_VALUE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const REPLACE_IF_VALUE = "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end";

/** Replicas that must hold a write before it counts as done (`WAIT`), and how long to wait for them. */
export interface ReplicaAcknowledgement {
  replicas: number;
  timeoutMs: number;
}

export class RedisStore implements KeyValueStore {
  readonly kind = 'redis';
  private readonly prefix: string;

  constructor(
    private readonly redis: GuardedRedis,
    private readonly acknowledgement?: ReplicaAcknowledgement,
  ) {
    this.prefix = redis.keyPrefix;
  }

  isAvailable(): boolean {
    return this.redis.usable;
  }

  get(key: string): Promise<string | null> {
    return command('GET', () => this.redis.run((client) => client.get(this.prefix + key)));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const ttl = Math.max(1, Math.round(ttlMs));
    await this.write(
      'SET',
      (client) => client.set(this.prefix + key, value, 'PX', ttl),
      (pipeline) => pipeline.set(this.prefix + key, value, 'PX', ttl),
    );
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.round(ttlMs));
    const result = await this.write(
      'SET',
      (client) => client.set(this.prefix + key, value, 'PX', ttl, 'NX'),
      (pipeline) => pipeline.set(this.prefix + key, value, 'PX', ttl, 'NX'),
    );
    return result === 'OK';
  }

  async delete(key: string): Promise<void> {
    await command('DEL', () => this.redis.run((client) => client.del(this.prefix + key)));
  }

  async deleteIfValue(key: string, value: string): Promise<void> {
    await command('EVAL', () => this.redis.run((client) => client.eval(DELETE_IF_VALUE, 1, this.prefix + key, value)));
  }

  async replaceIfValue(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.round(ttlMs));
    const result = await this.write(
      'EVAL',
      (client) => client.eval(REPLACE_IF_VALUE, 1, this.prefix + key, expected, value, ttl),
      (pipeline) => pipeline.eval(REPLACE_IF_VALUE, 1, this.prefix + key, expected, value, ttl),
    );
    return result === 1;
  }

  /**
   * A write, with `WAIT` behind it on the same connection (a pipeline) when replicas must hold it, so
   * that the replicas counted are those of the server that took the write. Too few replicas fails
   * this write, but outside the breaker: it is a missing replica, not a failing Redis.
   */
  private async write(
    name: string,
    direct: (client: RedisClient) => Promise<unknown>,
    queued: (pipeline: ChainableCommander) => ChainableCommander,
  ): Promise<unknown> {
    const { acknowledgement } = this;
    if (!acknowledgement) return command(name, () => this.redis.run(direct));
    const { replicas, timeoutMs } = acknowledgement;
    const results = await command(name, () => this.redis.run((client) => queued(client.pipeline()).wait(replicas, timeoutMs).exec()));
    const [written, waited] = results ?? [];
    const error = written?.[0] ?? waited?.[0];
    if (error) throw error;
    if (Number(waited?.[1]) < replicas) throw new Error(`the write reached ${String(waited?.[1])} of ${replicas} replicas in time`);
    return written?.[1];
  }
}

/** A Redis command in a span of its own when the request is traced: its name only, never a key (keys hold ids). */
function command<T>(name: string, run: () => Promise<T>): Promise<T> {
  return inSpan(`redis ${name}`, () => ({ 'db.system.name': 'redis', 'db.operation.name': name }), run, { kind: SpanKind.CLIENT });
}
