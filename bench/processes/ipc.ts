import type { ChildProcess } from 'node:child_process';

/** The pid of a child that has started; a child that could not be spawned has none. */
export function pidOf(child: ChildProcess, what: string): number {
  if (child.pid === undefined) throw new Error(`the ${what} process did not start`);
  return child.pid;
}

/** A message to the bench that forked this process (only a forked process has the channel). */
export function sendToParent(message: unknown): void {
  if (!process.send) throw new Error('this process is forked by the bench and talks to it over IPC; run `npm run bench`');
  process.send(message);
}
