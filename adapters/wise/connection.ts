import type { ConnectionSetup, ProviderConnection } from '../../src/connections/adapter';
import { GatewayError } from '../../src/errors';
import { newRegistrationCode } from './auth';
import { WiseApi } from './client';
import { toCanonicalUser, toWiseSignup, type WiseCreateOptions } from './mapper';
import { wiseOperations } from './operations';
import { WiseTokens } from './tokens';
import type { WiseConnectionCredentials } from './types';

export type WiseSetup = ConnectionSetup<WiseConnectionCredentials, Record<string, never>>;

/**
 * Wise shows a user only to that user's own token, tells only whether an email has an account,
 * and has no list, update or delete: those stay unimplemented, so the gateway answers 501.
 */
export function connectWise({ name, http, credentials, store, logger, mapping }: WiseSetup): ProviderConnection<WiseCreateOptions> {
  const api = new WiseApi(http, credentials);
  const tokens = new WiseTokens({ connection: name, api, credentials, store, logger });
  return {
    async getUser(id, context) {
      const raw = id === 'me' ? await api.me(tokens.me(), context) : await api.getUser(id, tokens.forUser(id), context);
      return toCanonicalUser(raw, mapping);
    },

    async findUsers({ email }, context) {
      if (!email) throw new GatewayError('not_supported', 'Wise looks users up by email only.');
      return { users: [], exists: await api.exists(email, tokens.client, context) };
    },

    async createUser({ user, password, options }, context) {
      const { registrationCode = newRegistrationCode(), language } = options;
      const signup = { ...toWiseSignup(user, password, language), registrationCode };
      const created = await api.signup(signup, tokens.client, context);
      await tokens.obtainForNewUser(String(created.id), signup.email, registrationCode, context);
      return toCanonicalUser(created, mapping);
    },

    operations: wiseOperations(api, tokens),
  };
}
