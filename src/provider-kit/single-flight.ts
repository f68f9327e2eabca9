import { GatewayError } from '../errors';
import { SingleFlight, untilAborted } from '../resilience/single-flight';
import type { CallContext } from '../upstream/client';

const NEVER_ABORTED = new AbortController().signal;

/**
 * Concurrent callers asking for the same thing (a token, a refresh) share one fetch. The fetch runs
 * detached from any one caller (bounded by the upstream client's timeouts and the first caller's
 * deadline), so that a caller giving up cannot fail the others; each caller stops waiting when its
 * own call aborts.
 */
export class DetachedSingleFlight<T> {
  private readonly flights = new SingleFlight<T>();

  async run(key: string, work: (context: CallContext) => Promise<T>, caller: CallContext): Promise<T> {
    const detached: CallContext = { signal: NEVER_ABORTED, requestId: caller.requestId, deadline: caller.deadline };
    const { promise } = this.flights.run(key, () => work(detached));
    try {
      return await untilAborted(promise, caller.signal);
    } catch (error) {
      if (!caller.signal.aborted) throw error;
      throw new GatewayError('provider_timeout', "The request deadline passed while waiting for the provider's token.", { origin: 'provider' });
    }
  }
}
