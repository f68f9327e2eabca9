import type { Writable } from 'node:stream';
import winston from 'winston';
import { redact, redactString } from './redact';

export type Logger = winston.Logger;
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LoggerOptions {
  level?: LogLevel;
  /** Where JSON lines go; stdout by default. Tests pass a stream to scan what was written. */
  stream?: Writable;
}

const redaction = winston.format((info) => {
  for (const key of Object.keys(info)) {
    info[key] = key === 'message' && typeof info[key] === 'string' ? redactString(info[key]) : redact(info[key]);
  }
  return info;
});

export function createLogger(options: LoggerOptions = {}): Logger {
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  return winston.createLogger({
    level: options.level ?? 'info',
    format: winston.format.combine(redaction(), winston.format.timestamp(), winston.format.json()),
    transports: [transport],
  });
}
