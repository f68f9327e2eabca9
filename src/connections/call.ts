import { toGatewayError } from '../errors';
import { inConnectionSpan } from '../observability/spans';
import type { CallContext } from '../upstream/client';
import type { UpstreamRateLimit } from '../upstream/rate-limit';
import { refusesCredentials } from './health';
import type { Connection } from './registry';

export interface InboundSignal {
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  requestId: string;
  /** Hears the provider's rate-limit state (single-connection calls pass it on as headers). */
  reportRateLimit?: (state: UpstreamRateLimit) => void;
}

/**
 * Runs provider work under the connection's total deadline, attributing any error to the
 * connection and giving rate-limit and unavailability errors the provider's Retry-After. The call
 * counts as in flight on the connection meanwhile: one replaced at run time closes after it.
 */
export function callConnection<T>(connection: Connection, inbound: InboundSignal, work: (call: CallContext) => Promise<T>): Promise<T> {
  return inConnectionSpan(connection.name, connection.adapter.name, () => callWithinDeadline(connection, inbound, work));
}

async function callWithinDeadline<T>(connection: Connection, inbound: InboundSignal, work: (call: CallContext) => Promise<T>): Promise<T> {
  const done = connection.usage?.begin();
  const { totalMs } = connection.config.timeouts;
  // Not AbortSignal.timeout: its timer and signal would outlive every call by the whole deadline (thousands of them under load).
  // Nor AbortSignal.any: each composite signal is followed through weak references that the garbage collector must clear.
  // One controller ends the call, at the deadline or when the client leaves, with the reason of whichever came first.
  const ended = new AbortController();
  const timer = setTimeout(() => ended.abort(new DOMException('The deadline passed.', 'TimeoutError')), totalMs);
  const clientLeft = () => ended.abort(inbound.signal.reason);
  if (inbound.signal.aborted) clientLeft();
  else inbound.signal.addEventListener('abort', clientLeft, { once: true });
  const call: CallContext = {
    signal: ended.signal,
    requestId: inbound.requestId,
    deadline: Date.now() + totalMs,
    observed: {},
  };
  try {
    return await work(call);
  } catch (error) {
    const failure = toGatewayError(error).forConnection(connection.name);
    // The client hears the provider's refusal as before (502 provider_error); the connection's health remembers it.
    if (failure.providerError && refusesCredentials(failure)) connection.credentialsRefused?.(failure.providerError.status);
    const retryAfter = call.observed?.rateLimit?.retryAfterSeconds;
    const waitable = failure.code === 'rate_limited' || failure.code === 'provider_unavailable';
    throw waitable && failure.retryAfter === undefined && retryAfter !== undefined ? failure.with({ retryAfter }) : failure;
  } finally {
    clearTimeout(timer);
    inbound.signal.removeEventListener('abort', clientLeft);
    done?.();
    if (call.observed?.rateLimit) inbound.reportRateLimit?.(call.observed.rateLimit);
  }
}
