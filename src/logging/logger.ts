import type { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import winston from 'winston';
import { redactField } from './redact';

export type Logger = winston.Logger;
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LoggerOptions {
  level?: LogLevel;
  /** Where JSON lines go: `stdout` (default), `stderr`, a file path, or a stream (tests scan what was written). */
  destination?: string | Writable;
}

const ALL_LEVELS = ['error', 'warn', 'info', 'debug'];

function transportFor(destination: LoggerOptions['destination']): winston.transport {
  if (destination === undefined || destination === 'stdout') return new winston.transports.Console();
  if (destination === 'stderr') return new winston.transports.Console({ stderrLevels: ALL_LEVELS });
  if (typeof destination === 'string') return new winston.transports.File({ filename: destination });
  return new winston.transports.Stream({ stream: destination });
}

const redaction = winston.format((info) => {
  for (const key of Object.keys(info)) info[key] = redactField(key, info[key]);
  return info;
});

export function createLogger(options: LoggerOptions = {}): Logger {
  // NOTE: winston formats an entry before its transports drop it for its level, so a debug line
  // would be redacted and serialised at level info: the first format drops it instead.
  const enabled = winston.format((info) => logger.isLevelEnabled(info.level) && info);
  const logger = winston.createLogger({
    level: options.level ?? 'info',
    format: winston.format.combine(enabled(), redaction(), winston.format.timestamp(), winston.format.json()),
    transports: [transportFor(options.destination)],
  });
  stampTraceIds(logger);
  return logger;
}

/**
 * Each line written while a traced request is served carries its trace and span ids (`trace_id`,
 * `span_id`, `trace_flags`, the names OpenTelemetry's winston instrumentation gives them), so that
 * a log line leads to its trace. Child loggers write through their parent, so they carry them too.
 * NOTE: stamped when written, not in a format: winston formats a line in its stream, where one
 * queued behind a slow transport would be outside the request's context.
 */
function stampTraceIds(logger: winston.Logger): void {
  const write = logger.write.bind(logger);
  logger.write = ((entry: winston.LogEntry) => {
    const span = trace.getSpan(context.active());
    if (!span) return write(entry);
    const { traceId, spanId, traceFlags } = span.spanContext();
    return write({ ...entry, trace_id: traceId, span_id: spanId, trace_flags: `0${traceFlags.toString(16)}`.slice(-2) });
  }) as typeof logger.write;
}
