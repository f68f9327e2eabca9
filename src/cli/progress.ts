export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  stream?: ProgressStream;
  /** Quick answers show nothing; the spinner appears once a call takes longer than this. */
  delayMs?: number;
  frameMs?: number;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR_LINE = '\r\x1b[2K';

/**
 * A spinner with the elapsed time while `work` runs (a fan-out waits for its slowest connection).
 * It goes to stderr, and only on a terminal, so that piped output and `--json` stay clean.
 */
export async function withProgress<T>(label: string, work: Promise<T>, options: ProgressOptions = {}): Promise<T> {
  const { stream = process.stderr, delayMs = 300, frameMs = 80 } = options;
  if (!stream.isTTY) return work;
  const started = Date.now();
  let frame = 0;
  let spinning: NodeJS.Timeout | undefined;
  const draw = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stream.write(`${CLEAR_LINE}${FRAMES[frame++ % FRAMES.length]} ${label} ${seconds}s`);
  };
  const start = setTimeout(() => {
    draw();
    spinning = setInterval(draw, frameMs);
  }, delayMs);
  try {
    return await work;
  } finally {
    clearTimeout(start);
    if (spinning) {
      clearInterval(spinning);
      stream.write(CLEAR_LINE);
    }
  }
}
