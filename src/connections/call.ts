import { toGatewayError } from '../errors';
import { inConnectionSpan } from '../observability/spans';
import type { CallContext } from '../upstream/client';
import type { UpstreamRateLimit } from '../upstream/rate-limit';
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
 * connection and giving rate-limit and unavailability errors the provider's Retry-After.
 */
export function callConnection<T>(connection: Connection, inbound: InboundSignal, work: (call: CallContext) => Promise<T>): Promise<T> {
  return inConnectionSpan(connection.name, connection.adapter.name, () => callWithinDeadline(connection, inbound, work));
}

async function callWithinDeadline<T>(connection: Connection, inbound: InboundSignal, work: (call: CallContext) => Promise<T>): Promise<T> {
  const { totalMs } = connection.config.timeouts;
  const call: CallContext = {
    signal: AbortSignal.any([inbound.signal, AbortSignal.timeout(totalMs)]),
    requestId: inbound.requestId,
    deadline: Date.now() + totalMs,
    observed: {},
  };
  try {
    return await work(call);
  } catch (error) {
    const failure = toGatewayError(error).forConnection(connection.name);
    const retryAfter = call.observed?.rateLimit?.retryAfterSeconds;
    const waitable = failure.code === 'rate_limited' || failure.code === 'provider_unavailable';
    throw waitable && failure.retryAfter === undefined && retryAfter !== undefined ? failure.with({ retryAfter }) : failure;
  } finally {
    if (call.observed?.rateLimit) inbound.reportRateLimit?.(call.observed.rateLimit);
  }
}
