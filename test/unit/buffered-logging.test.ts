import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BufferedDestination, type ByteWriter } from '../../src/logging/buffered-destination';
import { createLogger, flushLogger } from '../../src/logging/logger';

const LOGGER = join(__dirname, '../../dist/src/logging/logger.js');

describe('logging to stdout, stderr or a file (buffered)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'usergate-logs-'));
  let files = 0;
  const newFile = () => join(dir, `${(files += 1)}.log`);
  const linesOf = (file: string) =>
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>)
      : [];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when the logger is flushed, then every line it took is in the file, whole and in order', async () => {
    const file = newFile();
    const logger = createLogger({ destination: file });
    for (let index = 0; index < 5000; index += 1) logger.info('request', { index });
    await flushLogger(logger);
    expect(linesOf(file).map((line) => line.index)).toEqual(Array.from({ length: 5000 }, (_, index) => index));
  });

  it('when lines hold characters of two, three and four bytes, then each reaches the file whole, in order, across batches', async () => {
    const file = newFile();
    const logger = createLogger({ destination: file });
    const text = (index: number) => 'Eglė €😀'.repeat(index % 300);
    for (let index = 0; index < 3000; index += 1) logger.info('request', { index, text: text(index) });
    await flushLogger(logger);
    expect(linesOf(file).map((line) => [line.index, line.text])).toEqual(Array.from({ length: 3000 }, (_, index) => [index, text(index)]));
  });

  it("when batches are a worker's 4 KiB (PIPE_BUF), then every write is within it and ends on a whole line", async () => {
    const writes: Buffer[] = [];
    const writer = {
      write: (bytes: Buffer) => writes.push(Buffer.from(bytes)) > 0,
      flush: (done: (error?: Error) => void) => done(),
    } as unknown as ByteWriter;
    const destination = new BufferedDestination(writer, 4096);
    const lines = Array.from({ length: 2000 }, (_, index) => JSON.stringify({ index, text: 'Eglė 😀'.repeat(index % 90) }));
    for (const line of lines) destination.writeLine(line);
    await destination.flush();
    expect(Math.max(...writes.map((bytes) => bytes.length))).toBeLessThanOrEqual(4096);
    expect(writes.every((bytes) => bytes.at(-1) === 0x0a)).toBe(true);
    expect(Buffer.concat(writes).toString('utf8')).toBe(lines.map((line) => `${line}\n`).join(''));
  });

  it('when a line is larger than a whole batch, then it is written whole, between the lines around it', async () => {
    const file = newFile();
    const logger = createLogger({ destination: file });
    logger.info('before');
    logger.info('large', { text: 'ė'.repeat(100_000) });
    logger.info('after');
    await flushLogger(logger);
    expect(linesOf(file).map((line) => [line.message, String(line.text ?? '').length])).toEqual([
      ['before', 0],
      ['large', 100_000],
      ['after', 0],
    ]);
  });

  it('when nothing flushes it, then a line still reaches the file on its own, soon', async () => {
    const file = newFile();
    createLogger({ destination: file }).info('alone');
    // Written within 100 ms; the wait leaves a loaded machine a lot of slack.
    for (let waited = 0; linesOf(file).length === 0 && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(linesOf(file)).toMatchObject([{ level: 'info', message: 'alone' }]);
  });

  it("when a line is written, then it is redacted, stamped, below the level dropped, and a child's fields kept", async () => {
    const file = newFile();
    const logger = createLogger({ level: 'info', destination: file });
    const child = logger.child({ connection: 'northpay' });
    child.debug('upstream call', { detail: 'x' });
    child.info('login for a@b.co', { password: 'hunter2', nested: { token: 't' } });
    await flushLogger(logger);
    const [line, ...rest] = linesOf(file);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      level: 'info',
      message: 'login for [email]',
      connection: 'northpay',
      password: '[redacted]',
      nested: { token: '[redacted]' },
    });
    expect(new Date(String(line?.timestamp)).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('when two loggers write to one file, then their lines never cut into each other', async () => {
    const file = newFile();
    const [one, two] = [createLogger({ destination: file }), createLogger({ destination: file })];
    for (let index = 0; index < 2000; index += 1) (index % 2 ? one : two).info('line', { index, padding: 'x'.repeat(index % 97) });
    await Promise.all([flushLogger(one), flushLogger(two)]);
    expect(linesOf(file)).toHaveLength(2000);
  });

  it('when the process crashes right after logging, then its last lines are written on the way out', async () => {
    const file = newFile();
    const script = `const logger = require(${JSON.stringify(LOGGER)}).createLogger({ destination: ${JSON.stringify(file)} });
      for (let index = 0; index < 100; index += 1) logger.info('last words', { index });
      throw new Error('crash');`;
    await expect(promisify(execFile)(process.execPath, ['-e', script], { timeout: 20_000 })).rejects.toMatchObject({ code: 1 });
    expect(linesOf(file)).toHaveLength(100);
  });

  it('when a file cannot be opened, then creating its logger fails at once', () => {
    const notADirectory = newFile();
    writeFileSync(notADirectory, '');
    expect(() => createLogger({ destination: join(notADirectory, 'audit.log') })).toThrow();
  });
});
