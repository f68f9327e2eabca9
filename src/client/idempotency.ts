/**
 * `Idempotency-Key` helpers. A write sent with a key is done at most once, however often it is
 * sent: make one key per write, and send that same key on every try of it (the client's own
 * retries do). Retrying a write without one could do it twice, so the client never does.
 */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** The header parameter of a write: `params: { header: idempotencyKey(key) }`, a new key when none is given. */
export function idempotencyKey(key: string = newIdempotencyKey()): { 'Idempotency-Key': string } {
  return { 'Idempotency-Key': key };
}
