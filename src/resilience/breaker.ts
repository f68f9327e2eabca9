import { BrokenCircuitError, CircuitState, SamplingBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { GatewayError } from '../errors';

export interface BreakerSettings {
  /** Share of failed calls (0..1) in the window that opens the breaker. */
  failureRate: number;
  /** Calls needed in the window before the breaker may open at all. */
  minimumCalls: number;
  windowMs: number;
  /** How long it stays open before one trial call is let through. */
  halfOpenAfterMs: number;
}

export type BreakerStateName = 'closed' | 'half-open' | 'open';

/**
 * A circuit breaker per connection (cockatiel's sampling breaker). Only what the caller says is a
 * provider failure counts (5xx, timeouts, connect errors): a 4xx is the provider working fine.
 */
export class ConnectionBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;

  constructor(
    private readonly connection: string,
    private readonly settings: BreakerSettings,
    failure: { error: (error: Error) => boolean; result: (result: unknown) => boolean },
    onState: (state: BreakerStateName) => void,
  ) {
    this.policy = circuitBreaker(handleWhen(failure.error).orWhenResult(failure.result), {
      halfOpenAfter: settings.halfOpenAfterMs,
      breaker: new SamplingBreaker({
        threshold: settings.failureRate,
        duration: settings.windowMs,
        minimumRps: settings.minimumCalls / (settings.windowMs / 1000),
      }),
    });
    this.policy.onBreak(() => {
      this.openedAt = Date.now();
      onState('open');
    });
    this.policy.onHalfOpen(() => onState('half-open'));
    this.policy.onReset(() => onState('closed'));
  }

  get state(): BreakerStateName {
    switch (this.policy.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      default:
        return 'open';
    }
  }

  async execute<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(work);
    } catch (error) {
      if (!(error instanceof BrokenCircuitError)) throw error;
      const retryAfter = Math.max(1, Math.ceil((this.openedAt + this.settings.halfOpenAfterMs - Date.now()) / 1000));
      throw new GatewayError('provider_unavailable', 'The provider is failing; the gateway is not calling it for a moment.', {
        origin: 'gateway',
        connection: this.connection,
        retryAfter,
      });
    }
  }
}
