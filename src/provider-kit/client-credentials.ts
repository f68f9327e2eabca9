import type Joi from 'joi';
import { GatewayError } from '../errors';
import type { CallContext, UpstreamClient, UpstreamResponse } from '../upstream/client';
import type { UpstreamRequest } from '../upstream/request';
import { answerSummary } from '../upstream/request-id';
import { parseBody } from '../upstream/validate';
import { basicAuthorizer, type BearerToken } from './bearer';
import { DetachedSingleFlight } from './single-flight';
import { accessTokenExpiry, renewalTime, tokenAnswerSchema, type TokenAnswer } from './token-answer';

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) for adapters: how a provider takes the id and
 * secret is data (a `TokenRequestStyle`); fetching, caching, sharing and renewing the token is
 * written once here.
 */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export type TokenRequestStyle =
  /** RFC 6749 §2.3.1: the id and secret as HTTP Basic credentials, the grant as a form body (`grant_type=client_credentials` by default). */
  | { kind: 'basic-form'; path: string }
  /** The id and secret in a JSON body, under the provider's own field names, with any grant fields beside them. */
  | { kind: 'json-body'; path: string; idField: string; secretField: string };

export interface TokenEndpoint<T extends TokenAnswer = TokenAnswer> {
  http: UpstreamClient;
  credentials: ClientCredentials;
  style: TokenRequestStyle;
  /** The provider's error for a token answer other than 200 (its refusal of the credentials is the gateway's problem, not the client's). */
  toError(response: UpstreamResponse): GatewayError;
  /** The provider's schema of its token answer; the generic OAuth one by default. */
  schema?: Joi.ObjectSchema<T>;
}

/**
 * One call to the token endpoint. `grant` replaces the client-credentials grant for the other
 * grants a provider takes at the same endpoint (a refresh token, a registration code). The answer
 * must say when the token expires (`expires_at` or `expires_in`), or it is `provider_error`.
 */
export async function requestToken<T extends TokenAnswer>(endpoint: TokenEndpoint<T>, context: CallContext, grant?: Record<string, string>): Promise<T> {
  const { http, credentials, style } = endpoint;
  const request: UpstreamRequest =
    style.kind === 'basic-form'
      ? {
          operation: 'requestToken',
          method: 'POST',
          path: style.path,
          form: grant ?? { grant_type: 'client_credentials' },
          authorize: basicAuthorizer(credentials.clientId, credentials.clientSecret),
        }
      : {
          operation: 'requestToken',
          method: 'POST',
          path: style.path,
          json: { [style.idField]: credentials.clientId, [style.secretField]: credentials.clientSecret, ...grant },
        };
  const response = await http.send(request, context);
  if (response.status !== 200) throw endpoint.toError(response);
  const answer = parseBody(response, endpoint.schema ?? (tokenAnswerSchema as unknown as Joi.ObjectSchema<T>), http.connection);
  if (accessTokenExpiry(answer) === undefined) {
    throw new GatewayError('provider_error', 'The provider issued a token without saying when it expires.', {
      origin: 'provider',
      connection: http.connection,
      providerError: answerSummary(response),
    });
  }
  return answer;
}

/**
 * A connection's client-credentials token: fetched on first use, kept in this process until
 * shortly before it expires (see `renewalTime`), one fetch shared by concurrent callers, and
 * replaced once when the provider refuses it early. It is never stored nor logged.
 */
export class ClientCredentialsToken implements BearerToken {
  private cached?: { accessToken: string; renewAt: number };
  private readonly fetches = new DetachedSingleFlight<string>();

  constructor(private readonly endpoint: TokenEndpoint) {}

  async current(context: CallContext): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return this.cached.accessToken;
    return this.fetches.run('client-credentials', (detached) => this.fetch(detached), context);
  }

  /** The provider refused the token before its time (revoked): forget it and fetch another. */
  async replace(rejected: string, context: CallContext): Promise<string> {
    if (this.cached?.accessToken === rejected) this.cached = undefined;
    return this.current(context);
  }

  private async fetch(context: CallContext): Promise<string> {
    const answer = await requestToken(this.endpoint, context);
    const now = Date.now();
    this.cached = { accessToken: answer.access_token, renewAt: renewalTime(accessTokenExpiry(answer, now) ?? now, now) };
    return answer.access_token;
  }
}
