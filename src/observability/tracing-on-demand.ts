import type { Tracing } from './tracing';
import type { TracingSettings } from './tracing-settings';

/**
 * Tracing as configured, its module loaded only now: OpenTelemetry's SDK and OTLP exporter hold
 * about 17 MB of a gateway that runs without them, and tracing is off unless configured.
 */
export function otlpTracingOnDemand(settings: TracingSettings, serviceVersion: string): Tracing {
  const { otlpTracing } = require('./tracing') as typeof import('./tracing');
  return otlpTracing(settings, serviceVersion);
}
