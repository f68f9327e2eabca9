import type { Writable } from 'node:stream';
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
  return logger;
}
