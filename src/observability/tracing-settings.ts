import Joi from 'joi';

/** The OpenTelemetry SDK's sampler names (`OTEL_TRACES_SAMPLER`). */
export const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** The `tracing` key of the config file; what it leaves out comes from the standard `OTEL_*` variables. */
export interface TracingConfig {
  /** The OTLP/HTTP endpoint, as `OTEL_EXPORTER_OTLP_ENDPOINT`: spans go to `<endpoint>/v1/traces`. */
  endpoint?: string;
  serviceName?: string;
  sampler?: SamplerName;
  /** The ratio of the `traceidratio` samplers, 0 to 1. */
  samplerArg?: number;
}

/** Tracing as the gateway runs it; no settings at all means tracing is off. */
export interface TracingSettings extends TracingConfig {
  serviceName: string;
  sampler: SamplerName;
}

export const tracingConfigSchema = Joi.object<TracingConfig>({
  endpoint: Joi.string().uri({ scheme: ['http', 'https'] }),
  serviceName: Joi.string().min(1).max(128),
  sampler: Joi.string().valid(...SAMPLERS),
  samplerArg: Joi.number().min(0).max(1),
});

const DEFAULT_SERVICE_NAME = 'usergate';
/** The SDK's own default: follow the caller's decision, sample every trace that starts here. */
const DEFAULT_SAMPLER: SamplerName = 'parentbased_always_on';

type Environment = Record<string, string | undefined>;

const set = (env: Environment, name: string) => (env[name] === '' ? undefined : env[name]);

/**
 * On when the config file has a `tracing` key or an OTLP endpoint variable is set, and not turned
 * off by `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`. The file's values come first,
 * then the environment's, then the SDK's defaults. Problems are reported by variable name.
 */
export function resolveTracing(file: TracingConfig | undefined, env: Environment, problems: string[]): TracingSettings | undefined {
  if (set(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true' || set(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase() === 'none') return undefined;
  const endpointVariable = set(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? set(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (!file && endpointVariable === undefined) return undefined;
  const ratio = set(env, 'OTEL_TRACES_SAMPLER_ARG');
  const fromEnv = {
    serviceName: set(env, 'OTEL_SERVICE_NAME'),
    sampler: set(env, 'OTEL_TRACES_SAMPLER'),
    samplerArg: ratio === undefined ? undefined : Number(ratio),
  };
  const checked = tracingConfigSchema.validate(fromEnv, { abortEarly: false });
  if (checked.error) {
    const variables: Record<string, string> = { serviceName: 'OTEL_SERVICE_NAME', sampler: 'OTEL_TRACES_SAMPLER', samplerArg: 'OTEL_TRACES_SAMPLER_ARG' };
    problems.push(...checked.error.details.map((detail) => `${variables[String(detail.path[0])] ?? 'OTEL_*'}: ${detail.message.replace(/^"[^"]*" /, '')}`));
    return undefined;
  }
  return {
    // NOTE: without an endpoint of its own, the OTLP exporter reads the endpoint variables itself (the signal-specific one first).
    endpoint: file?.endpoint,
    serviceName: file?.serviceName ?? checked.value.serviceName ?? DEFAULT_SERVICE_NAME,
    sampler: file?.sampler ?? checked.value.sampler ?? DEFAULT_SAMPLER,
    samplerArg: file?.samplerArg ?? checked.value.samplerArg,
  };
}
