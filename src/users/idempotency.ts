import { createHash, randomUUID } from 'node:crypto';
import { GatewayError } from '../errors';
import type { Logger } from '../logging/logger';
import type { KeyRing } from '../secrets/key-ring';
import type { KeyValueStore } from '../storage/store';

export interface StoredResponse {
  status: number;
  body: unknown;
}

interface IdempotencyRecord {
  /**
   * `claimed`: a request holds the key and has called nobody yet; `pending`: its call may be under way;
   * `unknown`: the write left but no answer came back; whether it happened is still to be found out.
   */
  state: 'claimed' | 'pending' | 'done' | 'unknown';
  fingerprint: string;
  /** Which attempt holds a `claimed` or `pending` key: random, one per attempt. */
  claim?: string;
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
    private readonly logger: Logger,
    private readonly resultTtlMs = DAY_MS,
  ) {}

  /**
   * Runs `work` once per key. When a first attempt's outcome is unknown (the write left, no answer
   * came back), a repeat asks `reconcile` whether it happened: its answer is the result if so, and
   * the work runs again only when it surely did not. Without `reconcile`, such a repeat is a 409.
   */
  async run(
    subject: string,
    key: string,
    request: unknown,
    work: () => Promise<StoredResponse>,
    reconcile?: () => Promise<StoredResponse | undefined>,
  ): Promise<IdempotentOutcome> {
    const storeKey = `idem:${digest(subject)}:${digest(key)}`;
    const fingerprint = this.keyRing.keyedHash('idempotency-fingerprint', stableJson(request));
    const claim = claimRecord(fingerprint);
    const claimed = await this.reliably(() => this.store.setIfAbsent(storeKey, claim, this.pendingTtlMs));
    if (!claimed) return this.replay(storeKey, fingerprint, work, reconcile);
    return { ...(await this.attempt(storeKey, fingerprint, claim, work)), replayed: false };
  }

  private async attempt(storeKey: string, fingerprint: string, claim: string, work: () => Promise<StoredResponse>): Promise<StoredResponse> {
    await this.start(storeKey, claim);
    let response: StoredResponse;
    try {
      response = await work();
    } catch (error) {
      await this.keepRecord(() => this.recordFailure(storeKey, fingerprint, error));
      if (error instanceof GatewayError && error.deliveryUnknown) {
        throw error.with({}, 'The provider may or may not have done this (no answer came back); repeat the request with the same Idempotency-Key to find out.');
      }
      throw error;
    }
    await this.keepRecord(() => this.remember(storeKey, fingerprint, response));
    return response;
  }

  /**
   * Marks this attempt's call as under way, just before it is made, and only while the claim is still
   * this attempt's: a repeat may have taken it over (`takeOver`), and then the repeat makes the call.
   */
  private async start(storeKey: string, claim: string): Promise<void> {
    const underWay = JSON.stringify({ ...(JSON.parse(claim) as IdempotencyRecord), state: 'pending' });
    let started: boolean;
    try {
      started = await this.store.replaceIfValue(storeKey, claim, underWay, this.pendingTtlMs);
    } catch (error) {
      // The mark may have landed, but the call surely was not made: hand the claim back for a repeat to take over.
      await this.keepRecord(async () => {
        await this.store.replaceIfValue(storeKey, underWay, claim, this.pendingTtlMs);
      });
      throw storeUnavailable(error);
    }
    if (!started) throw inProgress();
  }

  private recordFailure(storeKey: string, fingerprint: string, error: unknown): Promise<void> {
    // Rejected before anything reached the provider: the key may be used again.
    if (!(error instanceof GatewayError) || error.origin === 'gateway') return this.store.delete(storeKey);
    if (error.deliveryUnknown) return this.store.set(storeKey, JSON.stringify({ state: 'unknown', fingerprint }), this.resultTtlMs);
    return this.remember(storeKey, fingerprint, { status: error.status, body: { error: summarise(error) } });
  }

  /**
   * Once the provider has answered, its answer is the client's: a store that fails now must not turn
   * a user who was created into a 500 (which the client would take for "not created"). The key then
   * stays claimed until its claim expires, so a repeat meanwhile hears "in progress", never a second create.
   */
  private async keepRecord(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.logger.warn('idempotency record could not be kept', { error: (error as Error).message });
    }
  }

  /**
   * Without its store the gateway cannot promise "at most once", so a keyed write is refused
   * (503, retryable) rather than risked.
   */
  private async reliably<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw storeUnavailable(error);
    }
  }

  private async replay(
    storeKey: string,
    fingerprint: string,
    work: () => Promise<StoredResponse>,
    reconcile?: () => Promise<StoredResponse | undefined>,
  ): Promise<IdempotentOutcome> {
    const raw = await this.reliably(() => this.store.get(storeKey));
    const record = raw ? (JSON.parse(raw) as IdempotencyRecord) : undefined;
    if (record && record.fingerprint !== fingerprint) {
      throw new GatewayError('invalid_request', 'This Idempotency-Key was already used with a different request body.', {
        status: 422,
      });
    }
    if (record?.state === 'unknown') return this.settle(storeKey, fingerprint, work, reconcile);
    if (raw && record?.state === 'claimed') return this.takeOver(storeKey, fingerprint, raw, work);
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

  /**
   * A key claimed by a request that has called nobody (yet, or ever: a claim can land in the store
   * while its reply times out, and its request then answered 503) is taken over at once by this
   * repeat, which only the same client with the same request can make. Should the first request be
   * alive after all, whichever marks its call as under way first makes it; the other hears "in
   * progress" (`start`). A claim that expired sooner instead would still block repeats for its
   * lifetime, and could not be shorter than the slowest call it guards without letting a second one through.
   */
  private async takeOver(storeKey: string, fingerprint: string, held: string, work: () => Promise<StoredResponse>): Promise<IdempotentOutcome> {
    const claim = claimRecord(fingerprint);
    if (!(await this.reliably(() => this.store.replaceIfValue(storeKey, held, claim, this.pendingTtlMs)))) throw inProgress();
    return { ...(await this.attempt(storeKey, fingerprint, claim, work)), replayed: false };
  }

  /** Finds out whether an unanswered write happened; one caller at a time. */
  private async settle(
    storeKey: string,
    fingerprint: string,
    work: () => Promise<StoredResponse>,
    reconcile?: () => Promise<StoredResponse | undefined>,
  ): Promise<IdempotentOutcome> {
    if (!reconcile) {
      throw new GatewayError(
        'conflict',
        'Whether the first request with this Idempotency-Key happened is unknown, and this provider offers no way to find out.',
      );
    }
    // Take the key back from `unknown` only if nobody else is settling it.
    const lock = `${storeKey}:settling`;
    if (!(await this.reliably(() => this.store.setIfAbsent(lock, 'settling', this.pendingTtlMs)))) throw inProgress();
    try {
      const found = await reconcile();
      if (found) {
        await this.keepRecord(() => this.remember(storeKey, fingerprint, found));
        return { ...found, replayed: true };
      }
      // It surely did not happen: do it now, under the same key.
      const claim = claimRecord(fingerprint);
      await this.reliably(() => this.store.set(storeKey, claim, this.pendingTtlMs));
      return { ...(await this.attempt(storeKey, fingerprint, claim, work)), replayed: false };
    } finally {
      await this.keepRecord(() => this.store.delete(lock));
    }
  }

  private remember(storeKey: string, fingerprint: string, response: StoredResponse): Promise<void> {
    const record: IdempotencyRecord = { state: 'done', fingerprint, response };
    return this.store.set(storeKey, JSON.stringify(record), this.resultTtlMs);
  }
}

function claimRecord(fingerprint: string): string {
  const record: IdempotencyRecord = { state: 'claimed', fingerprint, claim: randomUUID() };
  return JSON.stringify(record);
}

function storeUnavailable(cause: unknown): GatewayError {
  return new GatewayError('provider_unavailable', "The gateway's idempotency store is unavailable; retry shortly.", {
    origin: 'gateway',
    retryAfter: 1,
    cause,
  });
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
