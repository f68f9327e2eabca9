import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { GatewayError } from '../errors';
import type { Logger } from '../logging/logger';
import { buildQuery, type PreparedRequest, type UpstreamRequest } from './request';

export interface CallContext {
  /** Aborted when the inbound request's deadline passes or its client goes away. */
  signal: AbortSignal;
  requestId?: string;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
  /** The body parsed as JSON; a body that is not JSON is the provider's fault (`provider_error`). */
  json(): unknown;
}

export interface UpstreamClientOptions {
  connection: string;
  baseUrl: string;
  attemptTimeoutMs: number;
  maxResponseBytes: number;
  maxSockets: number;
  logger: Logger;
}

/**
 * The one way adapters talk to providers. It fixes the base URL (no absolute URLs, no redirects),
 * bounds every attempt in time and size, and turns transport failures into stable error codes.
 */
export class UpstreamClient {
  readonly connection: string;
  private readonly axios: AxiosInstance;
  private readonly base: URL;
  private readonly basePath: string;

  constructor(private readonly options: UpstreamClientOptions) {
    this.connection = options.connection;
    this.base = new URL(options.baseUrl);
    this.basePath = this.base.pathname.replace(/\/+$/, '');
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
    this.axios = axios.create({
      baseURL: this.base.origin,
      allowAbsoluteUrls: false,
      maxRedirects: 0,
      timeout: options.attemptTimeoutMs,
      maxContentLength: options.maxResponseBytes,
      maxBodyLength: options.maxResponseBytes,
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent(agentOptions),
      proxy: false,
      responseType: 'text',
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
  }

  async send(request: UpstreamRequest, context: CallContext): Promise<UpstreamResponse> {
    const prepared = this.prepare(request);
    const started = performance.now();
    try {
      const response = await this.attempt(request, prepared, context);
      this.log(request, response.status, started);
      return response;
    } catch (error) {
      const mapped = this.transportError(error, context);
      this.log(request, mapped.code, started);
      throw mapped;
    }
  }

  private prepare(request: UpstreamRequest): PreparedRequest {
    const query = buildQuery(request.query);
    const body = encodeBody(request);
    const port = this.base.port ? Number(this.base.port) : this.base.protocol === 'https:' ? 443 : 80;
    return {
      method: request.method,
      requestUri: `${this.basePath}${request.path}${query ? `?${query}` : ''}`,
      host: this.base.hostname.toLowerCase(),
      port,
      protocol: this.base.protocol as PreparedRequest['protocol'],
      body: body?.bytes,
      contentType: body?.contentType,
    };
  }

  private async attempt(request: UpstreamRequest, prepared: PreparedRequest, context: CallContext) {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (prepared.contentType) headers['content-type'] = prepared.contentType;
    if (request.authorize) Object.assign(headers, await request.authorize(prepared));
    const response = await this.axios.request<string>({
      method: request.method,
      url: prepared.requestUri,
      data: prepared.body,
      headers,
      signal: context.signal,
    });
    return toUpstreamResponse(this.connection, response.status, response.headers, response.data ?? '');
  }

  private transportError(error: unknown, context: CallContext): GatewayError {
    if (error instanceof GatewayError) return error.forConnection(this.connection);
    const options = { origin: 'provider' as const, connection: this.connection, cause: error };
    if (context.signal.aborted) {
      return new GatewayError('provider_timeout', 'The request deadline passed before the provider answered.', options);
    }
    const code = isAxiosError(error) ? error.code : undefined;
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
      return new GatewayError('provider_timeout', 'The provider did not answer in time.', options);
    }
    if (code === 'ERR_BAD_RESPONSE' || code === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED') {
      return new GatewayError('provider_error', 'The provider sent a response the gateway cannot accept.', options);
    }
    return new GatewayError('provider_unavailable', 'The provider could not be reached.', options);
  }

  private log(request: UpstreamRequest, outcome: number | string, started: number): void {
    this.options.logger.debug('upstream call', {
      connection: this.connection,
      operation: request.operation,
      method: request.method,
      outcome,
      ms: Math.round(performance.now() - started),
    });
  }
}

function encodeBody(request: UpstreamRequest): { bytes: Buffer; contentType: string } | undefined {
  if (request.body) return request.body;
  if (request.json !== undefined) {
    return { bytes: Buffer.from(JSON.stringify(request.json)), contentType: 'application/json' };
  }
  if (request.form) {
    return { bytes: Buffer.from(new URLSearchParams(request.form).toString()), contentType: 'application/x-www-form-urlencoded' };
  }
  return undefined;
}

function toUpstreamResponse(connection: string, status: number, rawHeaders: object, text: string): UpstreamResponse {
  const headers: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(rawHeaders)) {
    headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value == null ? undefined : String(value);
  }
  let parsed: { value: unknown } | undefined;
  return {
    status,
    headers,
    text,
    json() {
      if (!parsed) {
        try {
          parsed = { value: JSON.parse(text) };
        } catch {
          throw new GatewayError('provider_error', 'The provider sent a body that is not valid JSON.', {
            origin: 'provider',
            connection,
            providerError: { status },
          });
        }
      }
      return parsed.value;
    },
  };
}
