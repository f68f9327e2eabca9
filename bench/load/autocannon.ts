import autocannon from 'autocannon';

export interface Listeners {
  /** `stop` ends the run early, once the listener has what it came for. */
  onResponse?: (statusCode: number, responseTimeMs: number, stop: () => void) => void;
  /** A connection error, a timeout or a body that failed `verifyBody`. */
  onError?: () => void;
}

/** One autocannon run, with a hand on each answer; resolves with autocannon's own summary. */
export function runAutocannon(options: autocannon.Options, listeners: Listeners = {}): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error: Error | null, result) => {
      if (error) reject(error);
      else resolve(result);
    });
    if (listeners.onResponse) {
      const onResponse = listeners.onResponse;
      const stop = () => instance.stop();
      instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => onResponse(statusCode, responseTimeMs, stop));
    }
    if (listeners.onError) {
      instance.on('reqError', listeners.onError);
      // Emitted by autocannon for a body that fails `verifyBody`; its typings do not list it.
      (instance as NodeJS.EventEmitter).on('reqMismatch', listeners.onError);
    }
  });
}
