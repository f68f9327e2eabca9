import { toGatewayError } from '../errors';
import type { CallContext } from '../upstream/client';
import type { Connection } from './registry';

export interface InboundSignal {
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  requestId: string;
}

/** Runs provider work under the connection's total deadline, attributing any error to the connection. */
export async function callConnection<T>(connection: Connection, inbound: InboundSignal, work: (call: CallContext) => Promise<T>): Promise<T> {
  const signal = AbortSignal.any([inbound.signal, AbortSignal.timeout(connection.config.timeouts.totalMs)]);
  try {
    return await work({ signal, requestId: inbound.requestId });
  } catch (error) {
    throw toGatewayError(error).forConnection(connection.name);
  }
}
