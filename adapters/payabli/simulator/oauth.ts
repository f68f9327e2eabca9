import { randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import Joi from 'joi';
import type { PayabliAccessToken } from '../types';
import { sendFailure } from './envelope';

export interface SimulatedOAuthClient {
  clientId: string;
  clientSecret: string;
}

/** What happened at the token endpoint and to presented bearer tokens, in order (tests count these). */
export type OAuthEvent = 'issued' | 'refused-client' | 'rejected-token';

/** `CreateServerSideTokenRequest`: `clientId` and `clientSecret` required, `state` and `permissions` optional. */
interface TokenRequest {
  clientId: string;
  clientSecret: string;
  state?: string | null;
  permissions?: string[] | null;
}

const tokenRequestSchema = Joi.object<TokenRequest>({
  clientId: Joi.string().required(),
  clientSecret: Joi.string().required(),
  state: Joi.string().allow(null),
  permissions: Joi.array().items(Joi.string()).allow(null),
});

/**
 * Payabli's server-side OAuth tokens (the SDKs' `Token` client: C# sdk 1.0.9 `Token/TokenClient.cs`,
 * `Types/PayabliAccessTokenResponse.cs`): `POST /api/v2/Token/serverside` with JSON
 * `{clientId, clientSecret}`, no other credential, answers `{token_type, access_token, expires_in}`
 * (with `state` echoed). The token then authorizes calls as `Authorization: Bearer`, as an application token would.
 * NOTE: the refusal of bad credentials is documented only as a 400 with an unknown body; the envelope here is a guess.
 */
export class SimulatedOAuth {
  readonly events: OAuthEvent[] = [];
  private readonly clients: Map<string, string>;
  private readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();

  constructor(
    clients: SimulatedOAuthClient[],
    private readonly lifetimeMs: number,
  ) {
    this.clients = new Map(clients.map((client) => [client.clientId, client.clientSecret]));
  }

  routes(): Router {
    const router = express.Router();
    router.post('/v2/Token/serverside', express.json({ type: () => true }), (req, res) => {
      const request = tokenRequestSchema.validate(req.body);
      if (request.error || this.clients.get(request.value.clientId) !== request.value.clientSecret) {
        this.events.push('refused-client');
        sendFailure(res, 400, { responseText: 'Invalid client credentials', explanation: 'The clientId or clientSecret is not valid.' });
        return;
      }
      this.events.push('issued');
      res.json(this.issue(request.value.clientId, request.value.state));
    });
    return router;
  }

  /** The client a presented bearer token was issued to, or undefined (unknown or expired: counted). */
  clientOf(token: string): string | undefined {
    const issued = this.tokens.get(token);
    if (issued && Date.now() < issued.expiresAt) return issued.clientId;
    this.events.push('rejected-token');
    return undefined;
  }

  /** Test hook: as if Payabli revoked them early, every issued token stops working. */
  revokeAll(): void {
    this.tokens.clear();
  }

  /** Test hook: every access token issued so far (none may leak into logs or answers). */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  private issue(clientId: string, state: string | null | undefined): PayabliAccessToken {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { clientId, expiresAt: Date.now() + this.lifetimeMs });
    return { token_type: 'Bearer', access_token: token, expires_in: this.lifetimeMs / 1000, ...(state !== undefined && { state }) };
  }
}
