import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import { inSpan, isTraced } from '../observability/spans';
import type { BreakerStateName } from '../resilience/breaker';
import type { UpstreamRequest } from './request';

export interface AttemptDescription {
  adapter?: string;
  connection: string;
  /** The provider's host (the connection's base URL), never the path, which holds ids. */
  host: string;
  /** 1 for the first attempt. */
  number: number;
  /** Why the previous attempt was retried (`503`, `reset`), for a retry. */
  retryReason?: string;
}

type AttemptOutcome = { response: { status: number; requestId?: string } } | { failure: { kind: string } };

/**
 * One attempt at a provider call as a client span, named by the request's operation (`GET getUser`):
 * the route template of an outbound call, where the path would carry a provider's user id.
 */
export function traceAttempt<T extends AttemptOutcome>(
  request: UpstreamRequest,
  attempt: AttemptDescription,
  breaker: BreakerStateName,
  work: (span?: Span) => Promise<T>,
): Promise<T> {
  if (!isTraced()) return work();
  const attributes: Attributes = {
    'http.request.method': request.method,
    'server.address': attempt.host,
    'usergate.connection': attempt.connection,
    'usergate.operation': request.operation,
    'usergate.attempt': attempt.number,
    'usergate.breaker.state': breaker,
  };
  if (attempt.adapter !== undefined) attributes['usergate.adapter'] = attempt.adapter;
  if (attempt.number > 1) attributes['http.request.resend_count'] = attempt.number - 1;
  if (attempt.retryReason !== undefined) attributes['usergate.retry.reason'] = attempt.retryReason;
  return inSpan(`${request.method} ${request.operation}`, attributes, work, { kind: SpanKind.CLIENT, outcome: describeOutcome });
}

function describeOutcome(result: AttemptOutcome): { attributes?: Attributes; error?: string } {
  if ('failure' in result) return { error: result.failure.kind };
  const { status, requestId } = result.response;
  const attributes: Attributes = { 'http.response.status_code': status };
  if (requestId !== undefined) attributes['usergate.provider.request_id'] = requestId;
  return { attributes, ...(status >= 400 && { error: String(status) }) };
}
