import type { CallContext, UpstreamClient, UpstreamResponse } from '../../src/upstream/client';
import { path, type UpstreamRequest } from '../../src/upstream/request';
import { parseBody } from '../../src/upstream/validate';
import { macAuthorizer } from './auth';
import { payseraError } from './errors';
import { payseraServerTimeSchema, payseraUserSchema } from './schema';
import type { PayseraConnectionCredentials, PayseraIdentityUpdate, PayseraRegistration, PayseraUser } from './types';

/** Paysera's user endpoints over MAC-signed HTTP, one method per documented call. */
export class PayseraApi {
  /** Seconds to add to this machine's clock to match Paysera's (learned from `/server`). */
  private clockOffset = 0;
  private readonly authorize;

  constructor(
    private readonly http: UpstreamClient,
    credentials: PayseraConnectionCredentials,
  ) {
    this.authorize = macAuthorizer({ macId: credentials.clientId, macKey: credentials.macKey }, () =>
      Math.floor(Date.now() / 1000) + this.clockOffset,
    );
  }

  // https://developers.paysera.com/en/wallet/rest/v1/user#get-user-information
  async getUser(id: string, context: CallContext): Promise<PayseraUser> {
    const response = await this.send({ operation: 'getUser', method: 'GET', path: path`/user/${id}`, idempotent: true }, context);
    return this.user(response);
  }

  /** `GET /user?email=|phone=|person_code=&nationality=`: one user, or none (404). */
  async findUser(query: Record<string, string>, context: CallContext): Promise<PayseraUser | null> {
    const response = await this.send({ operation: 'findUser', method: 'GET', path: '/user', query, idempotent: true }, context, true);
    return response.status === 404 ? null : this.user(response);
  }

  // https://developers.paysera.com/en/wallet/rest/v1/user#register-new-user
  async register(registration: PayseraRegistration, context: CallContext): Promise<PayseraUser> {
    const response = await this.send({ operation: 'registerUser', method: 'POST', path: '/user', json: registration }, context);
    return this.user(response);
  }

  // https://developers.paysera.com/en/wallet/rest/v1/user#identification-process (provide identity)
  async provideIdentity(id: string, update: PayseraIdentityUpdate, context: CallContext): Promise<PayseraUser> {
    const response = await this.send({ operation: 'provideIdentity', method: 'PUT', path: path`/user/${id}`, json: update }, context);
    return this.user(response);
  }

  /**
   * Sends a signed request. A rejected timestamp means the clocks disagree: learn Paysera's time
   * from `/server` (no auth) and sign once more, as Paysera's own clients do.
   */
  async send(request: UpstreamRequest, context: CallContext, allowNotFound = false): Promise<UpstreamResponse> {
    let response = await this.http.send({ ...request, authorize: this.authorize }, context);
    if (response.status === 401 && errorCode(response) === 'invalid_timestamp') {
      await this.syncClock(context);
      response = await this.http.send({ ...request, authorize: this.authorize }, context);
    }
    if (response.status >= 400 && !(allowNotFound && response.status === 404)) {
      throw payseraError(response, this.http.connection);
    }
    return response;
  }

  private async syncClock(context: CallContext): Promise<void> {
    const response = await this.http.send({ operation: 'serverTime', method: 'GET', path: '/server', idempotent: true }, context);
    if (response.status !== 200) throw payseraError(response, this.http.connection);
    const { time } = parseBody(response, payseraServerTimeSchema, this.http.connection);
    this.clockOffset = time - Math.floor(Date.now() / 1000);
  }

  private user(response: UpstreamResponse): PayseraUser {
    return parseBody(response, payseraUserSchema, this.http.connection);
  }
}

function errorCode(response: UpstreamResponse): string | undefined {
  try {
    const body = response.json() as { error?: unknown };
    return typeof body?.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}
