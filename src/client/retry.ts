import { retryAfter } from './problem';

export interface RetryPolicy {
  /** Tries in all, the first included (default 3; 1 turns retrying off). */
  attempts?: number;
  /** The longest `Retry-After` worth waiting for, in ms (default 10 s): a longer one is the caller's to handle. */
  maxWaitMs?: number;
}

/** Answers that say "the same request may succeed later", and say when. */
const RETRIED_STATUSES = new Set([429, 503]);

/**
 * A fetch that tries again where that is safe: a read (GET, HEAD), or a write that carries an
 * `Idempotency-Key`, which the gateway answers at most once (the same key on every try). Only
 * after a 429 or 503 that says when (`Retry-After`), a bounded number of times; never after a
 * network failure, when a write may have happened without an answer.
 */
export function retryingFetch(policy: RetryPolicy = {}, fetchOnce: (request: Request) => Promise<Response> = (request) => fetch(request)) {
  const attempts = Math.max(1, policy.attempts ?? 3);
  const maxWaitMs = policy.maxWaitMs ?? 10_000;
  return async (request: Request): Promise<Response> => {
    const safe = request.method === 'GET' || request.method === 'HEAD' || request.headers.has('Idempotency-Key');
    for (let attempt = 1; ; attempt++) {
      const last = !safe || attempt >= attempts;
      // A request's body can be read once: every try but the last sends a copy.
      const response = await fetchOnce(last ? request : request.clone());
      const waitSeconds = RETRIED_STATUSES.has(response.status) ? retryAfter(response.headers.get('Retry-After')) : undefined;
      if (last || waitSeconds === undefined || waitSeconds * 1000 > maxWaitMs) return response;
      await response.body?.cancel();
      await delay(waitSeconds * 1000, request.signal);
    }
  };
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}
