import {
  context,
  createContextKey,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { IncomingHttpHeaders } from 'node:http';
import { isGatewayError } from '../errors';

/**
 * Spans below a request's, made by the tracer that the request's context carries (see tracing.ts):
 * nothing is threaded through constructors, and where no request is traced (tracing off) these
 * helpers only run the work: no span, no attribute, nothing beyond one context read.
 * Only the OpenTelemetry API is loaded here, never the SDK.
 */

const TRACER = createContextKey('usergate tracer');
const REQUEST = createContextKey('usergate request');
const propagator = new W3CTraceContextPropagator();

/** What the request's span learns from below it before it ends. */
export interface RequestRecord {
  connections: Set<string>;
}

/** The client's W3C trace context (`traceparent`, `tracestate`), or none. */
export function clientTraceContext(headers: IncomingHttpHeaders): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/** The context a request is served in: its span, its tracer and its record. */
export function requestContext(parent: Context, span: Span, tracer: Tracer, record: RequestRecord): Context {
  return trace.setSpan(parent, span).setValue(TRACER, tracer).setValue(REQUEST, record);
}

/** The tracer of the request being served and its context, when the request is traced. */
function traced(): { tracer: Tracer; active: Context } | undefined {
  const active = context.active();
  const tracer = active.getValue(TRACER) as Tracer | undefined;
  return tracer && { tracer, active };
}

/** Whether the request being served is traced: callers that prepare a span skip the preparing when not. */
export function isTraced(): boolean {
  return traced() !== undefined;
}

export interface SpanOptions<T> {
  kind?: SpanKind;
  /** Attributes of the outcome, and the error type when the outcome is a failure without being thrown. */
  outcome?: (result: T) => { attributes?: Attributes; error?: string };
}

/** The span's attributes, or how to make them: made only when the request is traced. */
type SpanAttributes = Attributes | (() => Attributes);

/** Runs `work` in a child span of the active one when the request is traced; otherwise only runs it. */
export function inSpan<T>(name: string, attributes: SpanAttributes, work: (span?: Span) => Promise<T>, options: SpanOptions<T> = {}): Promise<T> {
  const current = traced();
  // Not even an extra promise when the request is not traced.
  return current ? inChildSpan(current, name, attributes, work, options) : work();
}

async function inChildSpan<T>(
  current: { tracer: Tracer; active: Context },
  name: string,
  attributes: SpanAttributes,
  work: (span?: Span) => Promise<T>,
  options: SpanOptions<T>,
): Promise<T> {
  const kind = options.kind ?? SpanKind.INTERNAL;
  const span = current.tracer.startSpan(name, { kind, attributes: typeof attributes === 'function' ? attributes() : attributes }, current.active);
  try {
    const result = await context.with(trace.setSpan(current.active, span), () => work(span));
    const outcome = options.outcome?.(result);
    if (outcome?.attributes) span.setAttributes(outcome.attributes);
    if (outcome?.error !== undefined) failed(span, outcome.error);
    return result;
  } catch (error) {
    failed(span, isGatewayError(error) ? error.code : error instanceof Error ? error.name : 'unknown');
    throw error;
  } finally {
    span.end();
  }
}

/** Errors are recorded by type (a stable code), never by message: a message may repeat what the client or provider sent. */
function failed(span: Span, type: string): void {
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** A call to one connection: its own span, and the connection named on the request's span. */
export function inConnectionSpan<T>(connection: string, adapter: string, work: () => Promise<T>): Promise<T> {
  (context.active().getValue(REQUEST) as RequestRecord | undefined)?.connections.add(connection);
  return inSpan('connection', () => ({ 'usergate.connection': connection, 'usergate.adapter': adapter }), work);
}

/** Runs `work`, whenever it is called, in the context active now (a queue may call it from another request's). */
export function bindToContext<T>(work: () => T): () => T {
  return context.bind(context.active(), work);
}

/** Adds the active span's `traceparent` (and `tracestate`) to outbound headers; nothing when the request is not traced. */
export function injectTraceContext(headers: Record<string, string>): void {
  propagator.inject(context.active(), headers, defaultTextMapSetter);
}
