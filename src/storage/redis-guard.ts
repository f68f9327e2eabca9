import { BrokenCircuitError, CircuitState, SamplingBreaker, circuitBreaker, handleAll, type CircuitBreakerPolicy } from 'cockatiel';
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

/**
 * The breaker's settings: once a fifth of the commands of the last 5 s failed (at least 10 of them),
 * Redis is skipped for a second, then one command tries it again. A slow or partly dead Redis (a
 * Cluster that lost a master) otherwise costs a request one command timeout per command it sends.
 */
const BREAKER = { threshold: 0.2, windowMs: 5_000, minimumCalls: 10, halfOpenAfterMs: 1_000 };

/**
 * Redis behind a fail-fast breaker of its own. Every caller is fail-open (the cache and the rate
 * limits go on without it; idempotent creates are refused), so an unusable Redis must cost them
 * microseconds, not a command timeout each.
 */
export class GuardedRedis {
  private readonly policy: CircuitBreakerPolicy;

  constructor(
    readonly client: RedisClient,
    readonly keyPrefix: string,
    logger: Logger,
  ) {
    this.policy = circuitBreaker(handleAll, {
      halfOpenAfter: BREAKER.halfOpenAfterMs,
      breaker: new SamplingBreaker({
        threshold: BREAKER.threshold,
        duration: BREAKER.windowMs,
        minimumRps: BREAKER.minimumCalls / (BREAKER.windowMs / 1000),
      }),
    });
    this.policy.onBreak((reason) =>
      logger.warn('redis breaker open: redis is skipped for now', {
        error: 'error' in reason ? reason.error.message : 'failed result',
        retryInMs: BREAKER.halfOpenAfterMs,
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
      return await this.policy.execute(() => command(this.client));
    } catch (error) {
      throw error instanceof BrokenCircuitError ? new RedisUnavailableError() : error;
    }
  }

  health(): RedisHealth {
    const state = this.usable ? 'ok' : 'degraded';
    if (!isCluster(this.client)) return { state };
    const masters = this.client.nodes('master');
    return { state, cluster: { masters: masters.length, unreachable: masters.filter((node) => node.status !== 'ready').length } };
  }
}

function isCluster(client: RedisClient): client is Cluster {
  return client.isCluster;
}
