import { Writable } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createLogger } from '../../src/logging/logger';

describe('logger', () => {
  const capture = () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    return { lines, destination };
  };
  /** A field whose reading is counted: redaction and serialisation read every nested value. */
  const watched = () => {
    const reads = { count: 0 };
    const detail = {
      get note() {
        reads.count += 1;
        return 'plain';
      },
    };
    return { reads, detail };
  };

  it('when an entry is below the level, then it is neither redacted nor serialised nor written', () => {
    const { lines, destination } = capture();
    const { reads, detail } = watched();
    createLogger({ level: 'info', destination }).debug('upstream call', { detail });
    expect(reads.count).toBe(0);
    expect(lines).toEqual([]);
  });

  it('when an entry is at the level, then it is written, redacted', () => {
    const { lines, destination } = capture();
    const { reads, detail } = watched();
    const logger = createLogger({ level: 'debug', destination }).child({ connection: 'northpay' });
    logger.debug('upstream call for a@b.co', { detail });
    expect(reads.count).toBeGreaterThan(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'debug', message: 'upstream call for [email]', connection: 'northpay', detail: { note: 'plain' } });
  });

  it("when an entry's own field names a secret, then its value is masked as a nested one would be", () => {
    const { lines, destination } = capture();
    createLogger({ destination }).info('login', { password: 'hunter2', apiKey: 'k-123', nested: { password: 'p' } });
    expect(JSON.parse(lines[0]!)).toMatchObject({ password: '[redacted]', apiKey: '[redacted]', nested: { password: '[redacted]' } });
  });

  describe('inside a traced request', () => {
    beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
    afterAll(() => context.disable());

    it('when its span id is sixteen decimal digits, then the line carries it as it is, not scrubbed as a long number', () => {
      const { lines, destination } = capture();
      const ids = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '8206660204729236', traceFlags: TraceFlags.SAMPLED };
      const logger = createLogger({ destination });
      context.with(trace.setSpanContext(context.active(), ids), () => logger.info('request', { note: 'call +37060012345' }));
      expect(JSON.parse(lines[0]!)).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, trace_flags: '01', note: 'call [number]' });
    });
  });
});
