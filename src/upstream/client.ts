import type { Span } from '@opentelemetry/api';
import { bulkhead, type BulkheadPolicy, BulkheadRejectedError } from 'cockatiel';
import { GatewayError } from '../errors';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../observability/metrics';
import { bindToContext, injectTraceContext } from '../observability/spans';
import { ConnectionBreaker, type BreakerSettings, type BreakerStateName } from '../resilience/breaker';
import type { OutboundLimiter } from '../resilience/outbound-limit';
import { fullJitterMs, RetryBudget, sleep } from '../resilience/retry';
import { untilAborted } from '../resilience/single-flight';
import { readStandardRateLimit, type RateLimitReader, type UpstreamRateLimit } from './rate-limit';
import { buildQuery, type PreparedRequest, type UpstreamRequest } from './request';
import { answerSummary, DEFAULT_REQUEST_ID_HEADERS, providerRequestId } from './request-id';
import { traceAttempt } from './trace-attempt';
import { destroyAgents, keepAliveAgents, type UpstreamAgents } from './agents';
import { exchange, TransportFailure } from './transport';

export interface CallContext {
  /** Aborted when the inbound request's deadline passes or its client goes away. */
  signal: AbortSignal;
  requestId?: string;
  /** When the inbound request's budget for this connection runs out (epoch ms). */
  deadline?: number;
  /** What the client learned about the provider on the way (its rate-limit state). */
  observed?: { rateLimit?: UpstreamRateLimit };
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | undefined>;
  /** The body decoded as UTF-8. */
  text: string;
  /** The body exactly as received, for a request that declared a `binaryAnswer`. */
  bytes?: Buffer;
  /** The provider's own id of this request (`Request-Id`, say), for a support ticket to the provider. */
  requestId?: string;
  /** The body parsed as JSON; a body that is not JSON is the provider's fault (`provider_error`). */
  json(): unknown;
}

export interface UpstreamClientOptions {
  connection: string;
  /** The adapter's name, for traces. */
  adapter?: string;
  /**
   * The `connection` label of its metrics when not its name: stored connections share one per
   * adapter, so that label sets do not grow with them (their breaker state, which one label
   * could not tell apart, is then not exported).
   */
  metricsLabel?: string;
  baseUrl: string;
  attemptTimeoutMs: number;
  maxResponseBytes: number;
  maxConcurrency: number;
  maxQueue: number;
  /** Retries for idempotent calls (at most 2). */
  retries: number;
  breaker: BreakerSettings;
  outboundLimiter?: OutboundLimiter;
  readRateLimit?: RateLimitReader;
  /** Where the provider puts its own request id; the common spellings when absent. */
  requestIdHeaders?: readonly string[];
  /** Send the request's `traceparent` to the provider (a connection option; off by default). */
  propagateTraceContext?: boolean;
  /**
   * Keep-alive pools shared with other clients (stored connections share one: see TenantRegistry),
   * closed by their owner; by default the client has pools of its own, of `maxConcurrency` sockets.
   */
  sharedAgents?: UpstreamAgents;
  logger: Logger;
  metrics: Metrics;
}

/** Uploads (documents, avatars) may be larger than any answer the gateway accepts, but not without bound. */
const MAX_REQUEST_BYTES = 20 * 1024 * 1024;

type AttemptResult = { response: UpstreamResponse } | { failure: TransportFailure };

/**
 * The one way adapters talk to providers. It fixes the base URL (no absolute URLs, no redirects),
 * bounds every attempt in time and size, paces calls below the provider's quota, caps concurrency,
 * breaks the circuit on provider failures, retries idempotent calls within the deadline and the
 * retry budget, and turns transport failures into stable error codes.
 */
export class UpstreamClient {
  readonly connection: string;
  readonly breaker: ConnectionBreaker;
  private readonly agents: UpstreamAgents;
  private readonly base: URL;
  private readonly basePath: string;
  private readonly bulkhead: BulkheadPolicy;
  private readonly budget = new RetryBudget();
  private readonly readRateLimit: RateLimitReader;
  private readonly label: string;
  private readonly ownAgents: UpstreamAgents | undefined;

  constructor(private readonly options: UpstreamClientOptions) {
    this.connection = options.connection;
    this.label = options.metricsLabel ?? options.connection;
    this.base = new URL(options.baseUrl);
    this.basePath = this.base.pathname.replace(/\/+$/, '');
    this.readRateLimit = options.readRateLimit ?? readStandardRateLimit;
    this.bulkhead = bulkhead(options.maxConcurrency, options.maxQueue);
    const reportBreaker = (state: BreakerStateName) => {
      if (options.metricsLabel === undefined)
        options.metrics.breakerState.set({ connection: options.connection }, { closed: 0, 'half-open': 1, open: 2 }[state]);
    };
    this.breaker = new ConnectionBreaker(options.connection, options.breaker, providerFailure, reportBreaker);
    reportBreaker('closed');
    this.agents = options.sharedAgents ?? keepAliveAgents({ maxSockets: options.maxConcurrency });
    this.ownAgents = options.sharedAgents ? undefined : this.agents;
  }

  /** Closes its own pooled sockets (a connection replaced at run time, once its calls are done); shared pools are their owner's. */
  close(): void {
    if (this.ownAgents) destroyAgents(this.ownAgents);
  }

  async send(request: UpstreamRequest, context: CallContext): Promise<UpstreamResponse> {
    const prepared = this.prepare(request);
    if (prepared.body && prepared.body.length > MAX_REQUEST_BYTES) {
      throw new GatewayError('invalid_request', `A provider call carries at most ${MAX_REQUEST_BYTES / 1024 / 1024} MiB.`, {
        status: 413,
        origin: 'gateway',
        connection: this.connection,
      });
    }
    this.budget.recordCall();
    let reason: string | undefined;
    for (let retry = 0; ; retry += 1) {
      const attempt = { adapter: this.options.adapter, connection: this.connection, host: prepared.host, number: retry + 1, retryReason: reason };
      const result = await traceAttempt(request, attempt, this.breaker.state, (span) => this.guardedAttempt(request, prepared, context, span));
      const rateLimit = 'response' in result ? this.observe(result.response, context) : undefined;
      reason = retryReason(result);
      if (!reason || !request.idempotent || retry >= this.options.retries) return this.finish(result, request, context);
      // NOTE: a Retry-After that does not fit the deadline is not waited for: the client hears it at once.
      const waitMs = rateLimit?.retryAfterSeconds !== undefined ? rateLimit.retryAfterSeconds * 1000 : fullJitterMs(retry);
      if (!fitsDeadline(waitMs, context) || !this.budget.trySpend()) return this.finish(result, request, context);
      this.options.metrics.retries.inc({ connection: this.label, reason });
      await sleep(waitMs, context.signal).catch(() => undefined);
    }
  }

  private finish(result: AttemptResult, request: UpstreamRequest, context: CallContext): UpstreamResponse {
    if ('response' in result) return result.response;
    const error = this.toGatewayError(result.failure, context);
    // A write that left without an answer may or may not have happened: say so, so that nothing repeats it blindly.
    const mayHaveHappened = !request.idempotent && result.failure.kind !== 'connect';
    throw mayHaveHappened ? error.with({ deliveryUnknown: true }) : error;
  }

  /** Outbound pacing, then a concurrency slot, then the breaker, then the attempt itself. */
  private async guardedAttempt(request: UpstreamRequest, prepared: PreparedRequest, context: CallContext, span?: Span): Promise<AttemptResult> {
    const pacedMs = await this.pace(context);
    if (pacedMs > 0) span?.setAttribute('usergate.rate_limit.wait_ms', pacedMs);
    try {
      // Stops waiting (for a queue slot or an answer) as soon as the deadline passes or the client leaves.
      const response = await untilAborted(
        this.bulkhead.execute(
          bindToContext(() => {
            // Cut off while it queued: the provider never saw it, so the breaker must not either.
            if (context.signal.aborted) throw new TransportFailure('aborted', context.signal.reason);
            return this.breaker.execute(() => this.attempt(request, prepared, context));
          }),
        ),
        context.signal,
      );
      return { response };
    } catch (error) {
      if (error instanceof TransportFailure) return { failure: error };
      if (error instanceof BulkheadRejectedError) {
        throw new GatewayError('provider_unavailable', 'Too many calls to this provider are already waiting.', {
          origin: 'gateway',
          connection: this.connection,
          retryAfter: 1,
        });
      }
      if (context.signal.aborted && !(error instanceof GatewayError)) return { failure: new TransportFailure(abortKind(context.signal), error) };
      throw error;
    }
  }

  /** Waits until the connection's pacing lets a call go; how long it waited, in ms. */
  private async pace(context: CallContext): Promise<number> {
    const limiter = this.options.outboundLimiter;
    if (!limiter) return 0;
    const started = Date.now();
    for (let waitMs = await limiter.delayMs(); waitMs > 0; waitMs = await limiter.delayMs()) {
      if (!fitsDeadline(waitMs, context)) {
        this.options.metrics.rateLimited.inc({ direction: 'outbound' });
        throw new GatewayError('rate_limited', "The gateway is holding this connection below the provider's quota.", {
          origin: 'gateway',
          connection: this.connection,
          retryAfter: Math.ceil(waitMs / 1000),
        });
      }
      await sleep(waitMs, context.signal);
    }
    return Date.now() - started;
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

  private async attempt(request: UpstreamRequest, prepared: PreparedRequest, context: CallContext): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'usergate', ...request.headers };
    if (prepared.contentType) headers['content-type'] = prepared.contentType;
    if (request.authorize) Object.assign(headers, await request.authorize(prepared));
    if (this.options.propagateTraceContext) injectTraceContext(headers);
    const started = performance.now();
    let outcome = 'error';
    try {
      const answer = await exchange(this.agents.dispatcher, {
        origin: this.base.origin,
        method: request.method,
        path: prepared.requestUri,
        headers,
        body: prepared.body,
        signal: context.signal,
        timeoutMs: this.options.attemptTimeoutMs,
        maxBytes: this.options.maxResponseBytes,
      });
      outcome = String(answer.status);
      const requestIdHeaders = this.options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS;
      return toUpstreamResponse(this.connection, answer.status, answer.headers, answer.body, request.binaryAnswer === true, requestIdHeaders);
    } catch (error) {
      const failure = context.signal.aborted
        ? new TransportFailure(abortKind(context.signal), error instanceof TransportFailure ? error.cause : error)
        : error instanceof TransportFailure
          ? error
          : new TransportFailure('reset', error);
      outcome = failure.kind;
      throw failure;
    } finally {
      this.record(request, outcome, started);
    }
  }

  private observe(response: UpstreamResponse, context: CallContext): UpstreamRateLimit | undefined {
    const state = this.readRateLimit(response.headers, Date.now());
    if (Object.keys(state).length === 0) return undefined;
    if (context.observed) context.observed.rateLimit = state;
    return state;
  }

  private toGatewayError(failure: TransportFailure, context: CallContext): GatewayError {
    const options = { origin: 'provider' as const, connection: this.connection, cause: failure.cause };
    switch (failure.kind) {
      case 'deadline':
        return new GatewayError('provider_timeout', 'The request deadline passed before the provider answered.', options);
      case 'aborted':
        return new GatewayError('provider_timeout', 'The client went away before the provider answered.', options);
      case 'timeout':
        return new GatewayError('provider_timeout', 'The provider did not answer in time.', options);
      case 'bad-response':
        return new GatewayError('provider_error', 'The provider sent a response the gateway cannot accept.', options);
      default:
        return new GatewayError('provider_unavailable', 'The provider could not be reached.', {
          ...options,
          ...(context.observed?.rateLimit?.retryAfterSeconds !== undefined && { retryAfter: context.observed.rateLimit.retryAfterSeconds }),
        });
    }
  }

  private record(request: UpstreamRequest, outcome: string, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    const labels = { connection: this.label, operation: request.operation };
    this.options.metrics.upstreamCalls.inc({ ...labels, outcome });
    this.options.metrics.upstreamDuration.observe(labels, seconds);
    // NOTE: asked first: winston builds and stamps an entry before its level drops it (two calls per cache miss).
    if (!this.options.logger.isDebugEnabled()) return;
    this.options.logger.debug('upstream call', {
      connection: this.connection,
      operation: request.operation,
      method: request.method,
      outcome,
      ms: Math.round(seconds * 1000),
    });
  }
}

/**
 * What the breaker counts against the provider: 5xx, timeouts and connect errors; never a 4xx. An
 * attempt the request's deadline cut off is a timeout too (a hanging provider would be invisible
 * otherwise, whenever the deadline comes before the per-attempt timeout); a client that went away is not.
 */
const providerFailure = {
  error: (error: Error) => error instanceof TransportFailure && error.kind !== 'aborted' && error.kind !== 'bad-response',
  result: (result: unknown) => (result as UpstreamResponse).status >= 500,
};

function retryReason(result: AttemptResult): string | undefined {
  if ('failure' in result) return result.failure.kind === 'connect' || result.failure.kind === 'reset' ? result.failure.kind : undefined;
  const { status } = result.response;
  return status === 429 || status === 502 || status === 503 || status === 504 ? String(status) : undefined;
}

function fitsDeadline(waitMs: number, context: CallContext): boolean {
  return context.deadline === undefined || Date.now() + waitMs < context.deadline;
}

/** The deadline (see callConnection) aborts with a `TimeoutError`; a client that leaves, with anything else. */
function abortKind(signal: AbortSignal): 'deadline' | 'aborted' {
  const reason: unknown = signal.reason;
  return reason instanceof DOMException && reason.name === 'TimeoutError' ? 'deadline' : 'aborted';
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

function toUpstreamResponse(
  connection: string,
  status: number,
  rawHeaders: Record<string, string | string[] | undefined>,
  body: Buffer,
  binary: boolean,
  requestIdHeaders: readonly string[],
): UpstreamResponse {
  // A binary answer keeps its bytes; its text is still there for error bodies.
  const text = body.toString('utf8');
  const headers: Record<string, string | undefined> = {};
  for (const key in rawHeaders) {
    const value = rawHeaders[key];
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  const requestId = providerRequestId(headers, requestIdHeaders);
  let parsed: { value: unknown } | undefined;
  return {
    status,
    headers,
    text,
    ...(binary && { bytes: body }),
    ...(requestId !== undefined && { requestId }),
    json() {
      if (!parsed) {
        try {
          parsed = { value: JSON.parse(text) };
        } catch {
          throw new GatewayError('provider_error', 'The provider sent a body that is not valid JSON.', {
            origin: 'provider',
            connection,
            providerError: answerSummary({ status, requestId }),
          });
        }
      }
      return parsed.value;
    },
  };
}
