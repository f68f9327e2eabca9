import type Joi from 'joi';
import type { CallContext, UpstreamClient, UpstreamResponse } from '../../src/upstream/client';
import { path, type UpstreamRequest } from '../../src/upstream/request';
import { parseBody } from '../../src/upstream/validate';
import { macAuthorizer } from './auth';
import { payseraError, type MappedError } from './errors';
import { payseraServerTimeSchema, payseraUserSchema } from './schema';
import type { PayseraConnectionCredentials, PayseraIdentityUpdate, PayseraRegistration, PayseraUser } from './types';

/**
 * Paysera's user endpoints over MAC-signed HTTP. The canonical operations' calls live here; the
 * provider-only ones (operations/) call `send` themselves, each next to its own declaration.
 */
export class PayseraApi {
  /** Seconds to add to this machine's clock to match Paysera's (learned from `/server`). */
  private clockOffset = 0;
  private readonly authorize;

  constructor(
    private readonly http: UpstreamClient,
    credentials: PayseraConnectionCredentials,
  ) {
    this.authorize = macAuthorizer({ macId: credentials.clientId, macKey: credentials.macKey }, () => Math.floor(Date.now() / 1000) + this.clockOffset);
  }

  // https://developers.paysera.com/en/wallet/rest/v1/user#get-user-information
  async getUser(id: string, context: CallContext): Promise<PayseraUser> {
    return this.user(await this.send({ operation: 'getUser', method: 'GET', path: path`/user/${id}`, idempotent: true }, context));
  }

  /** `GET /user?email=|phone=|person_code=&nationality=`: one user, or none (404). */
  async findUser(query: Record<string, string>, context: CallContext): Promise<PayseraUser | null> {
    const response = await this.exchange({ operation: 'findUser', method: 'GET', path: '/user', query, idempotent: true }, context);
    if (response.status === 404) return null;
    return this.user(this.ok(response));
  }

  // https://developers.paysera.com/en/wallet/rest/v1/user#register-new-user
  async register(registration: PayseraRegistration, context: CallContext): Promise<PayseraUser> {
    return this.user(await this.send({ operation: 'registerUser', method: 'POST', path: '/user', json: registration }, context));
  }

  // https://developers.paysera.com/en/wallet/rest/v1/user#identification-process (provide identity)
  async provideIdentity(id: string, update: PayseraIdentityUpdate, context: CallContext): Promise<PayseraUser> {
    return this.user(await this.send({ operation: 'provideIdentity', method: 'PUT', path: path`/user/${id}`, json: update }, context));
  }

  /** Sends a signed request; a non-2xx answer is thrown as its gateway error (`notFound` renames a 404). */
  async send(request: UpstreamRequest, context: CallContext, notFound?: MappedError): Promise<UpstreamResponse> {
    return this.ok(await this.exchange(request, context), notFound);
  }

  /** A Paysera body, validated against its schema (a mismatch is `provider_error`). */
  parse<T>(response: UpstreamResponse, schema: Joi.Schema<T>): T {
    return parseBody(response, schema, this.http.connection);
  }

  /**
   * One signed exchange. A rejected timestamp means the clocks disagree: learn Paysera's time
   * from `/server` (no auth) and sign once more, as Paysera's own clients do.
   */
  private async exchange(request: UpstreamRequest, context: CallContext): Promise<UpstreamResponse> {
    const response = await this.http.send({ ...request, authorize: this.authorize }, context);
    if (response.status !== 401 || errorCode(response) !== 'invalid_timestamp') return response;
    await this.syncClock(context);
    return this.http.send({ ...request, authorize: this.authorize }, context);
  }

  private ok(response: UpstreamResponse, notFound?: MappedError): UpstreamResponse {
    if (response.status >= 400) throw payseraError(response, this.http.connection, notFound);
    return response;
  }

  private async syncClock(context: CallContext): Promise<void> {
    const response = await this.http.send({ operation: 'serverTime', method: 'GET', path: '/server', idempotent: true }, context);
    const { time } = this.parse(this.ok(response), payseraServerTimeSchema);
    this.clockOffset = time - Math.floor(Date.now() / 1000);
  }

  private user(response: UpstreamResponse): PayseraUser {
    return this.parse(response, payseraUserSchema);
  }
}

function errorCode(response: UpstreamResponse): string | undefined {
  try {
    const body = response.json() as { error?: unknown } | null;
    return typeof body?.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}
