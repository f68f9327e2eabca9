import { randomUUID } from 'node:crypto';
import { createLogger, flushLogger, type Logger } from '../../src/logging/logger';
import { sendToParent } from './ipc';

/** What the bench asks for: this many lines, half access and half audit. */
export interface LogWriterRequest {
  lines: number;
}

export interface LogWriterResult {
  /** CPU (user + system, every thread of the process) per line, from the first call to the flushed file. */
  cpuMicrosecondsPerLine: number;
  /** Wall time per line spent inside the logging calls: what a request waits for. */
  callMicrosecondsPerLine: number;
}

/** One request's two lines, shaped as the gateway writes them for a cached read. */
function logOneRequest(access: Logger, audit: Logger): void {
  const requestId = randomUUID();
  audit.info({
    message: 'audit',
    log: 'audit',
    requestId,
    client: 'bench-client',
    action: 'user.read',
    connections: ['rebilly'],
    userIds: ['usr_bench_0001'],
    fields: ['email', 'phone', 'name', 'dateOfBirth'],
    outcome: 'ok',
    status: 200,
  });
  access.info({ message: 'request', requestId, method: 'GET', route: '/v1/users/:id', status: 200, ms: 1, client: 'bench-client' });
}

/**
 * Forked by the bench with stdout and stderr in files: the gateway's two streams with their default
 * destinations (access on stdout, audit on stderr), as `createGateway` makes them.
 */
const access = createLogger({ level: 'info' });
const audit = createLogger({ destination: 'stderr' });

process.on('message', ({ lines }: LogWriterRequest) => {
  void (async () => {
    const before = process.cpuUsage();
    const started = performance.now();
    for (let index = 0; index < lines / 2; index += 1) logOneRequest(access, audit);
    const callMicros = (performance.now() - started) * 1000;
    await Promise.all([flushLogger(access), flushLogger(audit)]);
    const used = process.cpuUsage(before);
    sendToParent({ cpuMicrosecondsPerLine: (used.user + used.system) / lines, callMicrosecondsPerLine: callMicros / lines } satisfies LogWriterResult);
  })();
});
process.on('disconnect', () => process.exit(0));
