import { randomBytes } from 'node:crypto';
import type { WiseTokenGrant, WiseTokenResponse } from '../types';

export type TokenKind = 'client' | 'user' | 'personal';

export interface AccessGrant {
  kind: TokenKind;
  /** The user a user or personal token acts for. */
  userId?: number;
  /** The partner a client-credentials token was issued to. */
  clientId?: string;
  /** Unix ms; personal tokens do not expire. */
  expiresAt?: number;
}

export interface TokenLifetimes {
  clientTokenMs: number;
  userTokenMs: number;
}

/** Which expiry fields token answers carry: Wise's spec has both (`expires_in` and `expires_at`, ...); none is required. */
export type TokenExpiryFields = 'both' | 'seconds' | 'timestamps';

/** What happened at the token endpoint and to presented tokens, in order (tests count these). */
export type TokenEvent = WiseTokenGrant['grant_type'] | 'rejected';

interface RefreshChain {
  userId: number;
  clientId: string;
  /** The access token this refresh token issued last: the only one of the chain that still works. */
  accessToken: string;
}

const REFRESH_TOKEN_SECONDS = 20 * 365 * 24 * 3600;
const newToken = () => randomBytes(24).toString('base64url');

/**
 * Wise's tokens as its docs describe them: client-credentials tokens (12 h, no refresh token),
 * user tokens from a registration code (12 h, with a refresh token of about 20 years; refreshing
 * invalidates the previous access token) and personal tokens (no expiry).
 */
export class WiseSimulatorTokens {
  readonly events: TokenEvent[] = [];
  private readonly access = new Map<string, AccessGrant>();
  private readonly refreshChains = new Map<string, RefreshChain>();
  private readonly issued: string[] = [];

  constructor(
    private readonly lifetimes: TokenLifetimes,
    private readonly expiryFields: TokenExpiryFields = 'both',
  ) {}

  addPersonalToken(token: string, userId: number): void {
    this.access.set(token, { kind: 'personal', userId });
  }

  issueClientToken(clientId: string): WiseTokenResponse {
    this.events.push('client_credentials');
    const accessToken = newToken();
    this.access.set(accessToken, { kind: 'client', clientId, expiresAt: Date.now() + this.lifetimes.clientTokenMs });
    this.issued.push(accessToken);
    return this.withExpiry({ access_token: accessToken, token_type: 'bearer', scope: 'transfers' }, this.lifetimes.clientTokenMs);
  }

  issueUserTokens(userId: number, clientId: string): WiseTokenResponse {
    this.events.push('registration_code');
    const refreshToken = newToken();
    this.issued.push(refreshToken);
    return this.nextAccessToken(refreshToken, userId, clientId);
  }

  /** A new access token for a refresh token of this client; the chain's previous access token stops working. */
  refresh(refreshToken: string, clientId: string): WiseTokenResponse | undefined {
    const chain = this.refreshChains.get(refreshToken);
    if (chain?.clientId !== clientId) return undefined;
    this.events.push('refresh_token');
    this.access.delete(chain.accessToken);
    return this.nextAccessToken(refreshToken, chain.userId, clientId);
  }

  /** What a presented token may do; counts every refusal. */
  check(token: string): AccessGrant | 'expired' | undefined {
    const grant = this.access.get(token);
    const expired = grant?.expiresAt !== undefined && Date.now() >= grant.expiresAt;
    if (!grant || expired) this.events.push('rejected');
    return expired ? 'expired' : grant;
  }

  /** Test hook: as if someone else refreshed, the user's access tokens stop working (refresh tokens still do). */
  invalidateAccessTokens(userId: number): void {
    for (const [token, grant] of this.access) if (grant.kind === 'user' && grant.userId === userId) this.access.delete(token);
  }

  /** Test hook: as if the user reclaimed their account, every token of theirs stops working. */
  revokeUser(userId: number): void {
    this.invalidateAccessTokens(userId);
    for (const [token, chain] of this.refreshChains) if (chain.userId === userId) this.refreshChains.delete(token);
  }

  /** Test hook: as if Wise revoked them early, every client-credentials token stops working. */
  revokeClientTokens(): void {
    for (const [token, grant] of this.access) if (grant.kind === 'client') this.access.delete(token);
  }

  /** Test hook: every access and refresh token issued so far (none may leak into logs or storage). */
  issuedTokens(): string[] {
    return [...this.issued];
  }

  private nextAccessToken(refreshToken: string, userId: number, clientId: string): WiseTokenResponse {
    const accessToken = newToken();
    this.access.set(accessToken, { kind: 'user', userId, expiresAt: Date.now() + this.lifetimes.userTokenMs });
    this.refreshChains.set(refreshToken, { userId, clientId, accessToken });
    this.issued.push(accessToken);
    return this.withExpiry({ access_token: accessToken, token_type: 'bearer', refresh_token: refreshToken, scope: 'transfers' }, this.lifetimes.userTokenMs);
  }

  /**
   * The expiry fields of Wise's `token-response` (api-evangelist/wise openapi/wise-oauth-token-api-openapi.yml):
   * `expires_in` seconds and the `expires_at` timestamp; for user grants also the refresh token's and `created_at`,
   * which Wise writes with five fractional digits (`2020-01-01T12:33:33.12345Z`).
   */
  private withExpiry(answer: WiseTokenResponse, lifetimeMs: number): WiseTokenResponse {
    const now = Date.now();
    const userGrant = answer.refresh_token !== undefined;
    const seconds = { expires_in: lifetimeMs / 1000, ...(userGrant && { refresh_token_expires_in: REFRESH_TOKEN_SECONDS }) };
    const timestamps = {
      expires_at: new Date(now + lifetimeMs).toISOString(),
      ...(userGrant && {
        refresh_token_expires_at: new Date(now + REFRESH_TOKEN_SECONDS * 1000).toISOString(),
        created_at: new Date(now).toISOString().replace('Z', '00Z'),
      }),
    };
    return {
      ...answer,
      ...(this.expiryFields !== 'timestamps' && seconds),
      ...(this.expiryFields !== 'seconds' && timestamps),
    };
  }
}
