import type { CallContext } from '../../src/upstream/client';
import { renewalTime, type BearerToken } from './auth';
import { SingleFlight } from './single-flight';
import type { WiseTokenResponse } from './types';

/**
 * The client-credentials token (for signup and exists): fetched with the client id and secret,
 * cached in this process until shortly before it expires, one fetch shared by concurrent callers.
 * It has no refresh token; another is simply fetched.
 */
export class ClientCredentialsToken implements BearerToken {
  private cached?: { accessToken: string; renewAt: number };
  private readonly fetches = new SingleFlight<string>();

  constructor(private readonly fetchToken: (context: CallContext) => Promise<WiseTokenResponse>) {}

  async current(context: CallContext): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return this.cached.accessToken;
    return this.fetches.run('client-credentials', (detached) => this.fetch(detached), context);
  }

  /** Wise refused the token before its time (revoked): forget it and fetch another. */
  async replace(rejected: string, context: CallContext): Promise<string> {
    if (this.cached?.accessToken === rejected) this.cached = undefined;
    return this.current(context);
  }

  private async fetch(context: CallContext): Promise<string> {
    const token = await this.fetchToken(context);
    this.cached = { accessToken: token.access_token, renewAt: renewalTime(token.expires_in) };
    return token.access_token;
  }
}
