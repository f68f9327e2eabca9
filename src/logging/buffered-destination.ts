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

/**
 * Log lines gathered in memory and written in batches by sonic-boom: a logging call costs an array
 * push, and libuv writes a batch off the request's path when it is 64 KiB (4 KiB in a worker) or 100 ms old.
 * (sonic-boom's own buffering measures its whole buffer again on every write, which cost more
 * than the rest of a line put together.) On exit, a crash included, what is left is written
 * synchronously; only a process killed outright (SIGKILL, the OOM killer) loses its last 100 ms.
 */
export class BufferedDestination {
  private batch: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly writer: SonicBoom) {}

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.bytes + bytes > BATCH_BYTES) this.handOn();
    this.batch.push(line);
    this.bytes += bytes;
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
    if (this.batch.length === 0) return;
    const text = this.batch.join('');
    this.batch = [];
    this.bytes = 0;
    this.writer.write(text);
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
    destination = new BufferedDestination(new SonicBoom({ fd: descriptorOf(name), maxWrite: BATCH_BYTES }));
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
