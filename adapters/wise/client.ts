import { sendWithBearer, type BearerToken } from '../../src/provider-kit/bearer';
import { requestToken, type TokenEndpoint } from '../../src/provider-kit/client-credentials';
import type { CallContext, UpstreamClient, UpstreamResponse } from '../../src/upstream/client';
import { path, type UpstreamRequest } from '../../src/upstream/request';
import { parseBody } from '../../src/upstream/validate';
import { WISE_TOKEN_REQUEST } from './auth';
import { wiseError } from './errors';
import { wiseContactEmailSchema, wiseExistsSchema, wiseTokenSchema, wiseUserSchema } from './schema';
import type { WiseConnectionCredentials, WiseSignup, WiseTokenGrant, WiseTokenResponse, WiseUser } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Wise's token and user endpoints, one method per documented call; each takes the token it needs. */
export class WiseApi {
  /** The token endpoint, for the client-credentials token and the user grants alike. */
  readonly tokenEndpoint: TokenEndpoint<WiseTokenResponse>;

  constructor(
    private readonly http: UpstreamClient,
    credentials: Pick<WiseConnectionCredentials, 'clientId' | 'clientSecret'>,
  ) {
    this.tokenEndpoint = {
      http,
      credentials,
      style: WISE_TOKEN_REQUEST,
      toError: (response) => wiseError(response, http.connection),
      schema: wiseTokenSchema,
    };
  }

  // https://docs.wise.com/api-reference/oauth-token/oauthtokencreate
  async requestToken(grant: WiseTokenGrant, context: CallContext): Promise<WiseTokenResponse> {
    return requestToken(this.tokenEndpoint, context, grant);
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
   * Sends with the bearer token, once more with its replacement after a 401 (the token expired
   * early, or another gateway instance refreshed it); see `sendWithBearer`.
   * NOTE: Wise echoes `X-External-Correlation-Id` (a UUID), which ties its logs to the gateway's request id.
   */
  private async send(request: UpstreamRequest, token: BearerToken, context: CallContext): Promise<UpstreamResponse> {
    const correlation = context.requestId && UUID.test(context.requestId) ? { 'X-External-Correlation-Id': context.requestId } : undefined;
    const response = await sendWithBearer(this.http, { ...request, headers: { ...request.headers, ...correlation } }, token, context);
    if (response.status >= 400) throw wiseError(response, this.http.connection);
    return response;
  }
}
