import { context, SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, resourceAttributesEnvDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { Request, RequestHandler, Response } from 'express';
import type { Principal } from '../auth/principal';
import { matchedRoute } from '../http/context';
import { clientTraceContext, requestContext, type RequestRecord } from './spans';
import type { SamplerName, TracingSettings } from './tracing-settings';

/**
 * OpenTelemetry traces: one server span per inbound request (continuing the client's W3C
 * `traceparent`), with spans below it for cache reads, connection calls, upstream attempts and
 * Redis commands (spans.ts). Attributes name routes, operations, connections and outcomes, never a
 * raw path, a query, a body, a header value or anyone's id.
 */

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

let contextManagerInstalled = false;

/** AsyncLocalStorage carries the active span across awaits; one manager serves every gateway of the process. */
function installContextManager(): void {
  if (contextManagerInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

export class Tracing {
  private readonly tracer: Tracer;

  constructor(private readonly provider: TracerProvider) {
    installContextManager();
    this.tracer = provider.getTracer('usergate');
  }

  /** Starts each request's span; goes before every other middleware, so that their listeners run in its context. */
  readonly requestSpans: RequestHandler = (req, res, next) => {
    const parent = clientTraceContext(req.headers);
    const method = HTTP_METHODS.has(req.method) ? req.method : '_OTHER';
    const span = this.tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
    const record: RequestRecord = { connections: new Set() };
    const active = requestContext(parent, span, this.tracer, record);
    // Body reads and `close` listeners (the access log) are called by the socket, outside the request's context otherwise.
    context.bind(active, req);
    context.bind(active, res);
    res.once('close', () => endRequestSpan(span, method, req, res, record));
    context.with(active, next);
  };

  /** Sends what is still buffered, then stops. */
  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

function endRequestSpan(span: Span, method: string, req: Request, res: Response, record: RequestRecord): void {
  const route = matchedRoute(req, res);
  if (route !== 'unmatched') {
    span.updateName(`${method} ${route}`);
    span.setAttribute('http.route', route);
  }
  span.setAttribute('http.response.status_code', res.statusCode);
  const principal = res.locals.principal as Principal | undefined;
  if (principal) span.setAttribute('usergate.tenant', principal.tenant ?? 'default');
  const [only, ...others] = [...record.connections].sort();
  if (only !== undefined && others.length === 0) span.setAttribute('usergate.connection', only);
  else if (only !== undefined) span.setAttribute('usergate.connections', [only, ...others]);
  if (res.statusCode >= 500) {
    span.setAttribute('error.type', String(res.statusCode));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** Tracing as configured: spans batched to the OTLP/HTTP endpoint (JSON), sampled as the settings say. */
export function otlpTracing(settings: TracingSettings, serviceVersion: string): Tracing {
  const exporter = new OTLPTraceExporter(settings.endpoint ? { url: new URL('v1/traces', withSlash(settings.endpoint)).href } : {});
  // OTEL_RESOURCE_ATTRIBUTES adds to the resource; the service's name is the settings' (file, else OTEL_SERVICE_NAME).
  const resource = defaultResource()
    .merge(detectResources({ detectors: [resourceAttributesEnvDetector] }))
    .merge(resourceFromAttributes({ 'service.name': settings.serviceName, 'service.version': serviceVersion }));
  return new Tracing(
    new TracerProvider({ resource, sampler: samplerFor(settings.sampler, settings.samplerArg), spanProcessors: [new BatchSpanProcessor({ exporter })] }),
  );
}

/** Tracing into the given processors (tests pass an in-memory exporter's). */
export function tracingInto(spanProcessors: SpanProcessor[], sampler: Sampler = new ParentBasedSampler({ root: new AlwaysOnSampler() })): Tracing {
  return new Tracing(new TracerProvider({ spanProcessors, sampler }));
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function samplerFor(name: SamplerName, ratio = 1): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}
