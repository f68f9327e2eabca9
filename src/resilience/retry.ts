import { setTimeout as delay } from 'node:timers/promises';

/**
 * A retry budget per connection (Finagle-style): every first attempt deposits `ratio` of a token,
 * every retry spends a whole one, so retries stay near `ratio` of calls however bad things get.
 * The small initial balance lets a quiet connection still retry a few one-off failures.
 */
export class RetryBudget {
  private tokens: number;

  constructor(
    private readonly ratio = 0.1,
    private readonly maxTokens = 10,
  ) {
    this.tokens = maxTokens;
  }

  recordCall(): void {
    this.tokens = Math.min(this.maxTokens, this.tokens + this.ratio);
  }

  trySpend(): boolean {
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export function fullJitterMs(retry: number, baseMs = 100, capMs = 2_000, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** retry));
}

/** Sleeps, but stops early (rejecting) when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}
