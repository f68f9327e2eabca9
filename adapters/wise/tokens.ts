import { GatewayError, toGatewayError } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import type { KeyValueStore } from '../../src/storage/store';
import type { CallContext } from '../../src/upstream/client';
import { fixedToken, type BearerToken } from '../../src/provider-kit/bearer';
import { ClientCredentialsToken } from '../../src/provider-kit/client-credentials';
import type { WiseApi } from './client';
import { noUserToken } from './errors';
import { decodeEncryptionKey, TokenCipher } from './token-cipher';
import type { WiseConnectionCredentials } from './types';
import { UserTokens } from './user-tokens';

export interface WiseTokensSetup {
  connection: string;
  api: WiseApi;
  credentials: WiseConnectionCredentials;
  store: KeyValueStore;
  logger: Logger;
}

/** Which token each Wise call needs (OpenAPI security per operation), in one place. */
export class WiseTokens {
  /** For signup and exists. */
  readonly client: ClientCredentialsToken;
  private readonly users: UserTokens;

  constructor(private readonly setup: WiseTokensSetup) {
    const { api, credentials } = setup;
    const encryptionKey = decodeEncryptionKey(credentials.tokenEncryptionKey);
    if (!encryptionKey) throw new Error("The Wise connection's tokenEncryptionKey is not a 32-byte key.");
    this.client = new ClientCredentialsToken(api.tokenEndpoint);
    this.users = new UserTokens({
      connection: setup.connection,
      store: setup.store,
      cipher: new TokenCipher(encryptionKey),
      refresh: (refreshToken, context) => api.requestToken({ grant_type: 'refresh_token', refresh_token: refreshToken }, context),
      logger: setup.logger,
    });
  }

  /** For `/v1/me`: the connection's configured user token. */
  me(): BearerToken {
    const configured = this.setup.credentials.userToken;
    if (!configured) {
      throw new GatewayError('forbidden', 'This Wise connection has no configured user token, so "me" names nobody.');
    }
    return fixedToken(configured);
  }

  /** For calls about one user: the token kept for them, else the connection's configured user token. */
  forUser(userId: string): BearerToken {
    const configured = this.setup.credentials.userToken;
    return {
      current: async (context) => {
        const token = (await this.users.accessToken(userId, context)) ?? configured;
        if (!token) throw noUserToken(userId);
        return token;
      },
      replace: async (rejected, context) => (rejected === configured ? undefined : this.users.replace(userId, rejected, context)),
    };
  }

  /**
   * Exchanges a new user's registration code for their tokens and keeps them. The user exists
   * either way: failing the create would make a retry hit NOT_UNIQUE and lose the user's id, so a
   * failure here is logged and later reads of the user are refused as having no token.
   */
  async obtainForNewUser(userId: string, email: string, registrationCode: string, context: CallContext): Promise<void> {
    const grant = { grant_type: 'registration_code', client_id: this.setup.credentials.clientId, email, registration_code: registrationCode } as const;
    try {
      await this.users.save(userId, await this.setup.api.requestToken(grant, context));
    } catch (error) {
      this.setup.logger.warn('Wise user created, but its tokens could not be obtained', { providerUserId: userId, code: toGatewayError(error).code });
    }
  }
}
