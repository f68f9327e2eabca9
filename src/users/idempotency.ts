import { createHash } from 'node:crypto';
import { GatewayError } from '../errors';
import type { KeyRing } from '../secrets/key-ring';
import type { KeyValueStore } from '../storage/store';

export interface StoredResponse {
  status: number;
  body: unknown;
}

interface IdempotencyRecord {
  /** `unknown`: the write left but no answer came back; whether it happened is still to be found out. */
  state: 'pending' | 'done' | 'unknown';
  fingerprint: string;
  response?: StoredResponse;
}

export interface IdempotentOutcome extends StoredResponse {
  replayed: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `Idempotency-Key` for writes (draft-ietf-httpapi-idempotency-key-header): the first request with
 * a key runs, and every later one with the same key and body gets the first one's response.
 * Keys are per client, so two clients can never see each other's results.
 */
export class IdempotencyKeys {
  constructor(
    private readonly store: KeyValueStore,
    /** Fingerprints are keyed hashes under it: instances sharing the store must share the key (USERGATE_SECRETS_KEYS). */
    private readonly keyRing: KeyRing,
    private readonly pendingTtlMs: number,
    private readonly resultTtlMs = DAY_MS,
  ) {}

  /**
   * Runs `work` once per key. When a first attempt's outcome is unknown (the write left, no answer
   * came back), a repeat asks `reconcile` whether it happened: its answer is the result if so, and
   * the work runs again only when it surely did not. Without `reconcile`, such a repeat is a 409.
   * `pendingTtlMs`: how long a claim outlives a crash of its holder (longer than the work's deadline).
   */
  async run(
    subject: string,
    key: string,
    request: unknown,
    work: () => Promise<StoredResponse>,
    reconcile?: () => Promise<StoredResponse | undefined>,
    pendingTtlMs = this.pendingTtlMs,
  ): Promise<IdempotentOutcome> {
    const storeKey = `idem:${digest(subject)}:${digest(key)}`;
    const fingerprint = this.keyRing.keyedHash('idempotency-fingerprint', stableJson(request));
    const claimed = await this.reliably(() => this.store.setIfAbsent(storeKey, JSON.stringify({ state: 'pending', fingerprint }), pendingTtlMs));
    if (!claimed) return this.replay(storeKey, fingerprint, work, reconcile, pendingTtlMs);
    return { ...(await this.attempt(storeKey, fingerprint, work)), replayed: false };
  }

  private async attempt(storeKey: string, fingerprint: string, work: () => Promise<StoredResponse>): Promise<StoredResponse> {
    let response: StoredResponse;
    try {
      response = await work();
    } catch (error) {
      if (!(error instanceof GatewayError) || error.origin === 'gateway') {
        // Rejected before anything reached the provider: the key may be used again.
        await this.store.delete(storeKey);
      } else if (error.deliveryUnknown) {
        await this.store.set(storeKey, JSON.stringify({ state: 'unknown', fingerprint }), this.resultTtlMs);
        throw error.with({}, 'The provider may or may not have done this (no answer came back); repeat the request with the same Idempotency-Key to find out.');
      } else {
        await this.remember(storeKey, fingerprint, { status: error.status, body: { error: summarise(error) } });
      }
      throw error;
    }
    await this.remember(storeKey, fingerprint, response);
    return response;
  }

  /**
   * Without its store the gateway cannot promise "at most once", so a keyed write is refused
   * (503, retryable) rather than risked.
   */
  private async reliably<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new GatewayError('provider_unavailable', "The gateway's idempotency store is unavailable; retry shortly.", {
        origin: 'gateway',
        retryAfter: 1,
        cause: error,
      });
    }
  }

  private async replay(
    storeKey: string,
    fingerprint: string,
    work: () => Promise<StoredResponse>,
    reconcile: (() => Promise<StoredResponse | undefined>) | undefined,
    pendingTtlMs: number,
  ): Promise<IdempotentOutcome> {
    const raw = await this.reliably(() => this.store.get(storeKey));
    const record = raw ? (JSON.parse(raw) as IdempotencyRecord) : undefined;
    if (record && record.fingerprint !== fingerprint) {
      throw new GatewayError('invalid_request', 'This Idempotency-Key was already used with a different request body.', {
        status: 422,
      });
    }
    if (record?.state === 'unknown') return this.settle(storeKey, fingerprint, work, reconcile, pendingTtlMs);
    if (!record || record.state === 'pending' || !record.response) throw inProgress();
    const { response } = record;
    if (isStoredError(response.body)) {
      throw new GatewayError(response.body.error.code, response.body.error.detail, {
        status: response.status,
        origin: 'provider',
        extensions: { idempotentReplay: true },
      });
    }
    return { ...response, replayed: true };
  }

  /** Finds out whether an unanswered write happened; one caller at a time. */
  private async settle(
    storeKey: string,
    fingerprint: string,
    work: () => Promise<StoredResponse>,
    reconcile: (() => Promise<StoredResponse | undefined>) | undefined,
    pendingTtlMs: number,
  ): Promise<IdempotentOutcome> {
    if (!reconcile) {
      throw new GatewayError(
        'conflict',
        'Whether the first request with this Idempotency-Key happened is unknown, and this provider offers no way to find out.',
      );
    }
    const pending = JSON.stringify({ state: 'pending', fingerprint });
    // Take the key back from `unknown` to `pending` only if nobody else is settling it.
    const lock = `${storeKey}:settling`;
    if (!(await this.reliably(() => this.store.setIfAbsent(lock, pending, pendingTtlMs)))) throw inProgress();
    try {
      const found = await reconcile();
      if (found) {
        await this.remember(storeKey, fingerprint, found);
        return { ...found, replayed: true };
      }
      // It surely did not happen: do it now, under the same key.
      await this.store.set(storeKey, pending, pendingTtlMs);
      return { ...(await this.attempt(storeKey, fingerprint, work)), replayed: false };
    } finally {
      await this.store.delete(lock);
    }
  }

  private remember(storeKey: string, fingerprint: string, response: StoredResponse): Promise<void> {
    const record: IdempotencyRecord = { state: 'done', fingerprint, response };
    return this.store.set(storeKey, JSON.stringify(record), this.resultTtlMs);
  }
}

function inProgress(): GatewayError {
  return new GatewayError('conflict', 'A request with this Idempotency-Key is still in progress; retry shortly.', { retryable: true, retryAfter: 1 });
}

interface StoredError {
  error: { code: GatewayError['code']; detail: string };
}

function summarise(error: GatewayError): StoredError['error'] {
  return { code: error.code, detail: error.message };
}

function isStoredError(body: unknown): body is StoredError {
  return typeof body === 'object' && body !== null && 'error' in body;
}

/**
 * JSON with object keys sorted, so that key order never changes a fingerprint. Secrets (passwords,
 * codes) are in it: a repeat with another password is another request. It is only ever stored as a
 * keyed hash, which cannot be checked against guesses without the gateway's key.
 */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(',')}}`;
  }
  // JSON has no text for undefined; as an array item, JSON.stringify writes it as null too.
  return value === undefined ? 'null' : JSON.stringify(value);
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
