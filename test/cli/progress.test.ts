import { setTimeout as delay } from 'node:timers/promises';
import { withProgress, type ProgressStream } from '../../src/cli/progress';

function terminal(isTTY: boolean): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe('CLI progress line', () => {
  it('when a call is slow on a terminal, then a spinner with the elapsed time shows and is wiped at the end', async () => {
    const stream = terminal(true);
    await expect(withProgress('Searching every connection', delay(120, 'done'), { stream, delayMs: 20, frameMs: 20 })).resolves.toBe('done');
    expect(stream.written.length).toBeGreaterThan(2);
    expect(stream.written[0]).toMatch(/^\r\x1b\[2K. Searching every connection \d+\.\ds$/);
    expect(stream.written.at(-1)).toBe('\r\x1b[2K');
  });

  it('when a call answers quickly, then nothing is drawn', async () => {
    const stream = terminal(true);
    await withProgress('Reading', delay(5), { stream, delayMs: 200 });
    expect(stream.written).toEqual([]);
  });

  it('when stderr is not a terminal, then nothing is drawn however slow the call', async () => {
    const stream = terminal(false);
    await withProgress('Searching', delay(60), { stream, delayMs: 0, frameMs: 10 });
    expect(stream.written).toEqual([]);
  });

  it('when the call fails, then the line is wiped and the error passes through', async () => {
    const stream = terminal(true);
    const failing = delay(60).then(() => Promise.reject(new Error('gateway down')));
    await expect(withProgress('Searching', failing, { stream, delayMs: 10, frameMs: 10 })).rejects.toThrow('gateway down');
    expect(stream.written.at(-1)).toBe('\r\x1b[2K');
  });
});
