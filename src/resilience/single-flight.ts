/** Identical concurrent work shares one execution: the first caller runs it, the rest join it. */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** Runs `work` unless the same key is already running; `joined` says which happened. */
  run(key: string, work: () => Promise<T>): { promise: Promise<T>; joined: boolean } {
    const running = this.inFlight.get(key);
    if (running) return { promise: running, joined: true };
    const promise = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return { promise, joined: false };
  }

  has(key: string): boolean {
    return this.inFlight.has(key);
  }
}

/**
 * Waits for (possibly shared) work, but stops waiting, rejecting with the abort reason, when this caller's signal aborts.
 * The work is always listened to, even by a caller that was cut off before it began: a failure it meets
 * later, heard by no one, would be an unhandled rejection, which ends the process.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(abortError(signal));
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** The abort reason, which is an Error (a DOMException `AbortError` when the caller gave none). */
function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted', { cause: reason });
}
