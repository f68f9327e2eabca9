import { randomUUID } from 'node:crypto';
import { GatewayError, isGatewayError } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import type { KeyValueStore } from '../../src/storage/store';
import type { CallContext } from '../../src/upstream/client';
import { DetachedSingleFlight } from '../../src/provider-kit/single-flight';
import { accessTokenExpiry, refreshTokenExpiry, renewalTime } from '../../src/provider-kit/token-answer';
import { noUserToken } from './errors';
import type { TokenCipher } from './token-cipher';
import type { WiseTokenResponse } from './types';

interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** Unix ms after which the access token is refreshed before use. */
  renewAt: number;
}

/** Wise's refresh tokens live about twenty years; a record is kept as long as its refresh token. */
const REFRESH_TOKEN_SECONDS = 20 * 365 * 24 * 3600;
/** Longer than one token request may take (the upstream attempt timeout), so a lock outlives its refresh. */
const REFRESH_LOCK_MS = 10_000;
const LOCK_POLL_MS = 25;

export interface UserTokensOptions {
  connection: string;
  store: KeyValueStore;
  cipher: TokenCipher;
  refresh(refreshToken: string, context: CallContext): Promise<WiseTokenResponse>;
  logger: Logger;
}

/**
 * The tokens of users the gateway created, sealed in the shared store (Redis when configured, so
 * that every gateway instance sees the same) and refreshed shortly before they expire. Refreshing
 * invalidates the previous access token at Wise, so the store is the only truth: a token is read
 * from it for every call and never kept anywhere else.
 */
export class UserTokens {
  private readonly refreshes = new DetachedSingleFlight<string>();

  constructor(private readonly options: UserTokensOptions) {}

  async save(userId: string, tokens: WiseTokenResponse, refreshToken = tokens.refresh_token): Promise<void> {
    if (!refreshToken) {
      throw new GatewayError('provider_error', 'Wise issued a user token without a refresh token.', { origin: 'provider' });
    }
    // NOTE: Wise answers `expires_at` (and, for user grants, `refresh_token_expires_at` and `created_at`) besides
    // the `*_in` seconds; the timestamps win (see accessTokenExpiry). The token endpoint refuses an answer with neither.
    const now = Date.now();
    const record: StoredTokens = { accessToken: tokens.access_token, refreshToken, renewAt: renewalTime(accessTokenExpiry(tokens, now) ?? now, now) };
    const key = this.key(userId);
    const ttlMs = Math.max(1000, (refreshTokenExpiry(tokens, now) ?? now + REFRESH_TOKEN_SECONDS * 1000) - now);
    await this.options.store.set(key, this.options.cipher.seal(JSON.stringify(record), key), ttlMs);
  }

  /** A usable access token for the user (refreshed first when about to expire); null when none is held. */
  async accessToken(userId: string, context: CallContext): Promise<string | null> {
    const record = await this.read(userId);
    if (!record) return null;
    if (Date.now() < record.renewAt) return record.accessToken;
    return this.replace(userId, record.accessToken, context);
  }

  /**
   * The token to use instead of `stale` (refused by Wise, or about to expire). Another caller or
   * gateway instance may have refreshed it already, so the store is read again first; otherwise
   * exactly one refresh runs: one per process (single-flight), one across instances (a lock).
   */
  replace(userId: string, stale: string, context: CallContext): Promise<string> {
    return this.refreshes.run(userId, (detached) => this.refreshUnlessReplaced(userId, stale, detached), context);
  }

  private async refreshUnlessReplaced(userId: string, stale: string, context: CallContext): Promise<string> {
    const lockKey = `${this.key(userId)}:refreshing`;
    const lockToken = randomUUID();
    const giveUpAt = Date.now() + REFRESH_LOCK_MS;
    for (;;) {
      const before = await this.current(userId, stale);
      if (before.replaced) return before.record.accessToken;
      if (await this.options.store.setIfAbsent(lockKey, lockToken, REFRESH_LOCK_MS)) {
        try {
          // Read once more under the lock: the previous holder may have finished just now.
          const latest = await this.current(userId, stale);
          return latest.replaced ? latest.record.accessToken : await this.refresh(userId, latest.record, context);
        } finally {
          await this.options.store.deleteIfValue(lockKey, lockToken);
        }
      }
      if (Date.now() > giveUpAt) {
        throw new GatewayError('provider_timeout', 'Another gateway instance is still refreshing this Wise user token.', { origin: 'provider' });
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }

  /** The stored tokens, and whether someone has replaced `stale` with a token that is still good. */
  private async current(userId: string, stale: string): Promise<{ record: StoredTokens; replaced: boolean }> {
    const record = await this.read(userId);
    if (!record) throw noUserToken(userId);
    return { record, replaced: record.accessToken !== stale && Date.now() < record.renewAt };
  }

  private async refresh(userId: string, record: StoredTokens, context: CallContext): Promise<string> {
    let tokens: WiseTokenResponse;
    try {
      tokens = await this.options.refresh(record.refreshToken, context);
    } catch (error) {
      if (isGatewayError(error) && error.providerError?.code === 'invalid_grant') {
        await this.options.store.delete(this.key(userId));
        throw new GatewayError(
          'forbidden',
          `Wise no longer accepts the gateway's refresh token for user ${userId} (the user may have reclaimed the account), so the gateway holds no usable token for them.`,
          { origin: 'provider', providerError: error.providerError },
        );
      }
      throw error;
    }
    await this.save(userId, tokens, tokens.refresh_token ?? record.refreshToken);
    return tokens.access_token;
  }

  private async read(userId: string): Promise<StoredTokens | null> {
    const key = this.key(userId);
    const sealed = await this.options.store.get(key);
    if (sealed === null) return null;
    const opened = this.options.cipher.open(sealed, key);
    if (opened === undefined) {
      this.options.logger.warn('a stored Wise user token does not open with this key under this name; ignoring it', { providerUserId: userId });
      return null;
    }
    return JSON.parse(opened) as StoredTokens;
  }

  private key(userId: string): string {
    return `wise:user-tokens:${this.options.connection}:${userId}`;
  }
}
