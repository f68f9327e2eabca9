import { GatewayError } from '../../src/errors';
import type { CallContext } from '../../src/upstream/client';

/**
 * Concurrent callers asking for the same key share one run of the work. The work runs detached
 * from any one caller, so that a caller giving up cannot fail the others (the upstream client's
 * per-attempt timeout still bounds it); each caller stops waiting when its own call is aborted.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, work: (context: CallContext) => Promise<T>, caller: CallContext): Promise<T> {
    let shared = this.running.get(key);
    if (!shared) {
      const detached = { signal: new AbortController().signal, requestId: caller.requestId };
      shared = work(detached).finally(() => this.running.delete(key));
      this.running.set(key, shared);
    }
    return untilAborted(shared, caller.signal);
  }
}

function untilAborted<T>(shared: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const abandon = () =>
      reject(new GatewayError('provider_timeout', 'The request deadline passed while waiting for a Wise token.', { origin: 'provider' }));
    if (signal.aborted) return abandon();
    signal.addEventListener('abort', abandon, { once: true });
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', abandon));
  });
}
