import type { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import winston from 'winston';
import { bufferedDestination, type BufferedDestination } from './buffered-destination';
import { redactField } from './redact';

export type Logger = winston.Logger;
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LoggerOptions {
  level?: LogLevel;
  /**
   * Where JSON lines go: `stdout` (default), `stderr` or a file path, buffered (see
   * buffered-destination.ts); or a stream, written at once (tests scan what was written).
   */
  destination?: string | Writable;
}

/** Where winston's transports read the finished line (triple-beam's MESSAGE). */
const MESSAGE = Symbol.for('message');

/**
 * Where stampTraceIds leaves a line's trace ids: under a symbol, so that redaction (which walks the
 * entry's string keys) never sees them. They are the gateway's own hex, and a span id of sixteen
 * decimal digits (one in about 1,900) would otherwise be scrubbed as a long number.
 */
const TRACE_IDS = Symbol('traceIds');

interface TraceIds {
  trace_id: string;
  span_id: string;
  trace_flags: string;
}

let stampedAt = 0;
let stamp = '';

/** The ISO time of a line; under load many lines share a millisecond, whose text is made once. */
function timestamp(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = new Date(now).toISOString();
  }
  return stamp;
}

/** JSON that a BigInt (which JSON.stringify refuses) cannot stop: it is written as its digits. */
function toJson(entry: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry);
  } catch {
    return JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  }
}

/**
 * All of a line's work in one format (winston's chain of four copied and walked each entry four
 * times and built a new serialiser for every line): redacted copies of the fields, a timestamp,
 * JSON. The copies are plain trees cut at a depth, so JSON.stringify meets no cycle.
 */
function jsonLine(entry: winston.Logform.TransformableInfo): string {
  const line: Record<string, unknown> = { timestamp: timestamp(), level: undefined, message: undefined };
  for (const key of Object.keys(entry)) line[key] = redactField(key, entry[key]);
  const traceIds = (entry as Record<symbol, TraceIds | undefined>)[TRACE_IDS];
  if (traceIds) Object.assign(line, traceIds);
  return toJson(line);
}

const flushers = new WeakMap<Logger, BufferedDestination>();

export function createLogger(options: LoggerOptions = {}): Logger {
  const { destination, level = 'info' } = options;
  let logger: Logger;
  // NOTE: winston formats an entry before its transports drop it for its level, so a debug line
  // would be redacted and serialised at level info: the format drops it first instead.
  const format = winston.format((entry) => {
    if (!logger.isLevelEnabled(entry.level)) return false;
    entry[MESSAGE] = jsonLine(entry);
    return entry;
  })();
  if (destination !== undefined && typeof destination !== 'string') {
    logger = winston.createLogger({ level, format, transports: [new winston.transports.Stream({ stream: destination })] });
    stampTraceIds(logger);
    return logger;
  }
  const buffer = bufferedDestination(destination ?? 'stdout');
  logger = winston.createLogger({ level, format });
  // NOTE: a winston logger is a stream piped into stream transports; that bookkeeping cost a
  // fifth of a line (5.8 µs → 4.8, bench/README.md). Entries for a buffered destination take the
  // same format, then go straight into its batch: the logger's methods, children and levels are
  // winston's; the stream under them is not used.
  logger.write = (entry: winston.Logform.TransformableInfo) => {
    const formatted = format.transform(entry);
    if (typeof formatted === 'object') buffer.writeLine(formatted[MESSAGE] as string);
    return true;
  };
  flushers.set(logger, buffer);
  stampTraceIds(logger);
  return logger;
}

/** Resolves once every line the logger has taken is written (the gateway's close waits for it). */
export async function flushLogger(logger: Logger): Promise<void> {
  await flushers.get(logger)?.flush();
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
    const traceIds: TraceIds = { trace_id: traceId, span_id: spanId, trace_flags: `0${traceFlags.toString(16)}`.slice(-2) };
    return write({ ...entry, [TRACE_IDS]: traceIds });
  }) as typeof logger.write;
}
