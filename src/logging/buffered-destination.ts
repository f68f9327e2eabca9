import cluster from 'node:cluster';
import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SonicBoom from 'sonic-boom';

/** Lines reach the file or pipe at least this often. */
const FLUSH_INTERVAL_MS = 100;
/**
 * A batch is handed on before it would grow past this, rather than waiting for the timer. The
 * workers of `serve --workers` share stdout and stderr: a write of at most PIPE_BUF (4 KiB) to a
 * pipe is never cut into by another process's, so their batches stay within it, whole lines each.
 */
const PIPE_BUF = 4096;
const BATCH_BYTES = cluster.isWorker ? PIPE_BUF : 64 * 1024;
const NEWLINE = 0x0a;

/** sonic-boom with `contentMode: 'buffer'`, which takes bytes (its types know only its string mode). */
export type ByteWriter = Omit<SonicBoom, 'write'> & { write(bytes: Buffer): boolean };

/**
 * Log lines gathered in memory and written in batches by sonic-boom: a logging call encodes its line
 * into the batch's bytes, and libuv writes a batch off the request's path when it is 64 KiB (4 KiB in
 * a worker) or 100 ms old. Each line is encoded to UTF-8 once, straight into the batch, and measured
 * only near the end of one (sonic-boom's own string buffering measured every line and its whole
 * buffer again, and encoded the batch once more to write it). On exit, a crash included, what is
 * left is written synchronously; only a process killed outright (SIGKILL, the OOM killer) loses its
 * last 100 ms.
 */
export class BufferedDestination {
  private batch: Buffer;
  private used = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly writer: ByteWriter,
    private readonly batchBytes = BATCH_BYTES,
  ) {
    this.batch = Buffer.allocUnsafeSlow(batchBytes);
  }

  /** One line; its newline is added here. */
  writeLine(line: string): void {
    const room = this.batchBytes - this.used;
    // A UTF-16 code unit is at most three bytes of UTF-8: a line fits for sure when three times its length does.
    if (line.length * 3 + 1 > room) {
      const bytes = Buffer.byteLength(line) + 1;
      if (bytes > room) this.handOn();
      if (bytes > this.batchBytes) {
        this.writer.write(Buffer.from(`${line}\n`));
        return;
      }
    }
    this.used += this.batch.write(line, this.used);
    this.batch[this.used++] = NEWLINE;
    this.timer ??= setTimeout(() => this.handOn(), FLUSH_INTERVAL_MS).unref();
  }

  /** Resolves once every line written so far is in the file or pipe. */
  flush(): Promise<void> {
    this.handOn();
    return new Promise((resolve, reject) => this.writer.flush((error) => (error ? reject(error) : resolve())));
  }

  flushSync(): void {
    this.handOn();
    this.writer.flushSync();
  }

  private handOn(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.used === 0) return;
    // sonic-boom holds a batch until it is written: the next lines go into a new one.
    const full = this.batch.subarray(0, this.used);
    this.batch = Buffer.allocUnsafeSlow(this.batchBytes);
    this.used = 0;
    this.writer.write(full);
  }
}

const open = new Map<string, BufferedDestination>();

/**
 * The buffered destination for `stdout`, `stderr` or a file path, one per destination however many
 * loggers write there, so that two streams never cut into each other's lines.
 */
export function bufferedDestination(name: string): BufferedDestination {
  let destination = open.get(name);
  if (!destination) {
    destination = new BufferedDestination(new SonicBoom({ fd: descriptorOf(name), maxWrite: BATCH_BYTES, contentMode: 'buffer' }) as unknown as ByteWriter);
    open.set(name, destination);
    if (open.size === 1) process.on('exit', flushAllSync);
  }
  return destination;
}

/** A file is opened here and now: a path that cannot be written fails the start, not a later line. */
function descriptorOf(name: string): number {
  if (name === 'stdout') return 1;
  if (name === 'stderr') return 2;
  mkdirSync(dirname(name), { recursive: true });
  return openSync(name, 'a');
}

function flushAllSync(): void {
  for (const destination of open.values()) {
    try {
      destination.flushSync();
    } catch {
      // A destination that cannot take its last lines (a closed pipe) must not hide why the process exits.
    }
  }
}
