import type { CallContext, UpstreamClient, UpstreamResponse } from '../../src/upstream/client';
import { path, type Authorizer, type UpstreamRequest } from '../../src/upstream/request';
import { parseBody } from '../../src/upstream/validate';
import { basicAuthorizer, bearerAuthorizer, type BearerToken } from './auth';
import { wiseError } from './errors';
import { wiseContactEmailSchema, wiseExistsSchema, wiseTokenSchema, wiseUserSchema } from './schema';
import type { WiseConnectionCredentials, WiseSignup, WiseTokenGrant, WiseTokenResponse, WiseUser } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Wise's token and user endpoints, one method per documented call; each takes the token it needs. */
export class WiseApi {
  private readonly clientAuth: Authorizer;

  constructor(
    private readonly http: UpstreamClient,
    credentials: Pick<WiseConnectionCredentials, 'clientId' | 'clientSecret'>,
  ) {
    this.clientAuth = basicAuthorizer(credentials.clientId, credentials.clientSecret);
  }

  // https://docs.wise.com/api-reference/oauth-token/oauthtokencreate
  async requestToken(grant: WiseTokenGrant, context: CallContext): Promise<WiseTokenResponse> {
    const request: UpstreamRequest = { operation: 'requestToken', method: 'POST', path: '/oauth/token', form: grant, authorize: this.clientAuth };
    const response = await this.http.send(request, context);
    if (response.status !== 200) throw wiseError(response, this.http.connection);
    return parseBody(response, wiseTokenSchema, this.http.connection);
  }

  // https://docs.wise.com/api-reference/user/usergetbytoken
  async me(token: BearerToken, context: CallContext): Promise<WiseUser> {
    const response = await this.send({ operation: 'getMe', method: 'GET', path: '/v1/me', idempotent: true }, token, context);
    return parseBody(response, wiseUserSchema, this.http.connection);
  }

  // https://docs.wise.com/api-reference/user/usergetbyid
  async getUser(userId: string, token: BearerToken, context: CallContext): Promise<WiseUser> {
    const response = await this.send({ operation: 'getUser', method: 'GET', path: path`/v1/users/${userId}`, idempotent: true }, token, context);
    return parseBody(response, wiseUserSchema, this.http.connection);
  }

  // https://docs.wise.com/api-reference/user/usercreate
  async signup(signup: WiseSignup, token: BearerToken, context: CallContext): Promise<WiseUser> {
    const response = await this.send({ operation: 'signup', method: 'POST', path: '/v1/user/signup/registration_code', json: signup }, token, context);
    return parseBody(response, wiseUserSchema, this.http.connection);
  }

  // https://docs.wise.com/api-reference/user/usercheckexists
  async exists(email: string, token: BearerToken, context: CallContext): Promise<boolean> {
    const response = await this.send({ operation: 'userExists', method: 'POST', path: '/v1/users/exists', json: { email }, idempotent: true }, token, context);
    return parseBody(response, wiseExistsSchema, this.http.connection).exists;
  }

  // https://docs.wise.com/api-reference/user/usercontactemailget
  async getContactEmail(userId: string, token: BearerToken, context: CallContext): Promise<string | null> {
    const request: UpstreamRequest = { operation: 'getContactEmail', method: 'GET', path: path`/v1/users/${userId}/contact-email`, idempotent: true };
    return parseBody(await this.send(request, token, context), wiseContactEmailSchema, this.http.connection).email;
  }

  // https://docs.wise.com/api-reference/user/usercontactemailset
  async setContactEmail(userId: string, email: string, token: BearerToken, context: CallContext): Promise<string | null> {
    const request: UpstreamRequest = {
      operation: 'setContactEmail',
      method: 'PUT',
      path: path`/v1/users/${userId}/contact-email`,
      json: { email },
      idempotent: true,
    };
    return parseBody(await this.send(request, token, context), wiseContactEmailSchema, this.http.connection).email;
  }

  /**
   * Sends with the bearer token; when Wise answers 401 (the token expired early, or another
   * gateway instance refreshed it), sends once more with the token's replacement, if it has one.
   * A 401 means Wise did not act on the request, so repeating even a signup is safe.
   */
  private async send(request: UpstreamRequest, token: BearerToken, context: CallContext): Promise<UpstreamResponse> {
    const first = await token.current(context);
    let response = await this.http.send(this.withToken(request, first, context), context);
    if (response.status === 401) {
      const replacement = await token.replace(first, context);
      if (replacement) response = await this.http.send(this.withToken(request, replacement, context), context);
    }
    if (response.status >= 400) throw wiseError(response, this.http.connection);
    return response;
  }

  /** NOTE: Wise echoes `X-External-Correlation-Id` (a UUID), which ties its logs to the gateway's request id. */
  private withToken(request: UpstreamRequest, token: string, context: CallContext): UpstreamRequest {
    const correlation = context.requestId && UUID.test(context.requestId) ? { 'X-External-Correlation-Id': context.requestId } : undefined;
    return { ...request, headers: { ...request.headers, ...correlation }, authorize: bearerAuthorizer(token) };
  }
}
