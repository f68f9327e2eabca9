import { BrokenCircuitError, CircuitState, ExponentialBackoff, SamplingBreaker, circuitBreaker, handleAll, type CircuitBreakerPolicy } from 'cockatiel';
import type { Cluster } from 'ioredis';
import type { Logger } from '../logging/logger';
import type { RedisClient } from './redis';

/** What readiness and the metrics say of Redis: it is fail-open, so at worst it is degraded. */
export interface RedisHealth {
  state: 'ok' | 'degraded';
  /** Cluster only: its masters, and how many of them this instance cannot reach now. */
  cluster?: { masters: number; unreachable: number };
}

/** Thrown instead of sending a command while Redis is disconnected or its breaker is open: it costs nothing. */
export class RedisUnavailableError extends Error {
  constructor() {
    super('redis is unavailable (disconnected, or its breaker is open)');
  }
}

/** ioredis's rejection when `commandTimeout` passes. */
const COMMAND_TIMED_OUT = 'Command timed out';

/**
 * The breaker's settings: once a fifth of the commands of the last 5 s failed (at least 10 of them),
 * Redis is skipped for a second; at once when a command timed out, for twice the command timeout
 * (a short blip, a client repeating at once, finds Redis again); then it is tried again, and each
 * failed trial doubles the wait, up to 16 s. A slow or partly dead Redis (a Cluster that lost a
 * master) otherwise costs a request one command timeout per command it sends; this way a request
 * pays about one `commandTimeoutMs` at most, and only the rare one that carries a trial.
 */
const BREAKER = { threshold: 0.2, windowMs: 5_000, minimumCalls: 10, halfOpenAfterMs: 1_000, maxHalfOpenAfterMs: 16_000 };

/**
 * Redis behind a fail-fast breaker of its own. Every caller is fail-open (the cache and the rate
 * limits go on without it; idempotent creates are refused), so an unusable Redis must cost them
 * microseconds, not a command timeout each.
 */
export class GuardedRedis {
  private readonly policy: CircuitBreakerPolicy;
  private skippingAfterTimeout = false;
  /** Timeouts since the last command that succeeded: each one skips Redis twice as long. */
  private timeoutsInARow = 0;

  constructor(
    readonly client: RedisClient,
    readonly keyPrefix: string,
    logger: Logger,
    private readonly commandTimeoutMs = 250,
  ) {
    this.policy = circuitBreaker(handleAll, {
      halfOpenAfter: new ExponentialBackoff({ initialDelay: BREAKER.halfOpenAfterMs, maxDelay: BREAKER.maxHalfOpenAfterMs }),
      breaker: new SamplingBreaker({
        threshold: BREAKER.threshold,
        duration: BREAKER.windowMs,
        minimumRps: BREAKER.minimumCalls / (BREAKER.windowMs / 1000),
      }),
    });
    this.policy.onBreak((reason) =>
      logger.warn('redis breaker open: redis is skipped for now', {
        error: 'error' in reason ? reason.error.message : 'isolated' in reason ? COMMAND_TIMED_OUT : 'failed result',
      }),
    );
    this.policy.onReset(() => logger.info('redis breaker closed: redis is used again'));
  }

  /** False while Redis is disconnected or its breaker is open: callers skip it at once. */
  get usable(): boolean {
    return this.client.status === 'ready' && this.policy.state !== CircuitState.Open;
  }

  async run<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    if (this.client.status !== 'ready') throw new RedisUnavailableError();
    try {
      const result = await this.policy.execute(() => command(this.client));
      this.timeoutsInARow = 0;
      return result;
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw new RedisUnavailableError();
      if (error instanceof Error && error.message === COMMAND_TIMED_OUT) this.skipAfterTimeout();
      throw error;
    }
  }

  /** One timeout is enough: the commands behind it would each wait as long. */
  private skipAfterTimeout(): void {
    if (this.skippingAfterTimeout) return;
    this.skippingAfterTimeout = true;
    const isolation = this.policy.isolate();
    const skipMs = Math.min(2 * this.commandTimeoutMs * 2 ** this.timeoutsInARow, BREAKER.maxHalfOpenAfterMs);
    this.timeoutsInARow += 1;
    setTimeout(() => {
      this.skippingAfterTimeout = false;
      isolation.dispose();
    }, skipMs).unref();
  }

  health(): RedisHealth {
    // Half-open (one trial command let through) is not healthy yet.
    const usable = this.client.status === 'ready' && this.policy.state === CircuitState.Closed;
    if (!isCluster(this.client)) return { state: usable ? 'ok' : 'degraded' };
    // The masters the slot map names, a dead one included: the client forgets a node it cannot reach,
    // but the cluster still gives it its slots until one is promoted in its place.
    const owners = new Set<string>();
    for (const holders of this.client.slots as (string[] | undefined)[]) if (holders?.[0]) owners.add(holders[0]);
    const ready = new Set(
      this.client
        .nodes('master')
        .filter((node) => node.status === 'ready')
        .map((node) => `${node.options.host}:${node.options.port}`),
    );
    const unreachable = [...owners].filter((owner) => !ready.has(owner)).length;
    return { state: usable && unreachable === 0 ? 'ok' : 'degraded', cluster: { masters: owners.size, unreachable } };
  }
}

function isCluster(client: RedisClient): client is Cluster {
  return client.isCluster;
}
