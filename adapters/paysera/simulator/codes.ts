import { randomInt } from 'node:crypto';

/** How many codes may be sent, and how many wrong guesses made, before Paysera says `rate_limit_exceeded`. */
export const MAX_ATTEMPTS = 3;

export type CodeCheck<T> = { ok: true; value: T } | { ok: false; error: 'invalid_code' | 'rate_limit_exceeded' };

interface Pending<T> {
  code: string;
  value: T;
  issued: number;
  wrongGuesses: number;
}

/** Codes sent by SMS or email and awaiting confirmation, one per key (a user and what is being confirmed). */
export class PendingCodes<T> {
  private readonly pending = new Map<string, Pending<T>>();

  /** A fresh code for the key, or undefined once too many were sent. */
  issue(key: string, value: T): string | undefined {
    const issued = (this.pending.get(key)?.issued ?? 0) + 1;
    if (issued > MAX_ATTEMPTS) return undefined;
    const code = Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join('');
    this.pending.set(key, { code, value, issued, wrongGuesses: 0 });
    return code;
  }

  /** Redeems a code: right once, wrong a few times, then refused whatever it is. */
  redeem(key: string, code: string): CodeCheck<T> {
    const pending = this.pending.get(key);
    if (!pending) return { ok: false, error: 'invalid_code' };
    if (pending.wrongGuesses >= MAX_ATTEMPTS) return { ok: false, error: 'rate_limit_exceeded' };
    if (pending.code !== code.trim().toUpperCase()) {
      pending.wrongGuesses += 1;
      return { ok: false, error: 'invalid_code' };
    }
    this.pending.delete(key);
    return { ok: true, value: pending.value };
  }
}
