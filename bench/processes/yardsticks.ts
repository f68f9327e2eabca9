import { fork } from 'node:child_process';
import { join } from 'node:path';
import { pidOf } from './ipc';

export type YardstickKind = 'node-http' | 'express' | 'same-answer';

/** What the `same-answer` yardstick answers: one answer of the gateway's, its headers as sent (but the per-request ones) and its body. */
export interface RecordedAnswer {
  headers: [string, string][];
  body: string;
}

/** Where the `same-answer` yardstick finds the answer it repeats. */
export const RECORDED_ANSWER_VARIABLE = 'USERGATE_BENCH_ANSWER';

export interface Yardstick {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/** A hello-world server of the given kind in its own process (see yardstick.ts); `same-answer` repeats `answer`. */
export async function startYardstick(kind: YardstickKind, answer?: RecordedAnswer): Promise<Yardstick> {
  const child = fork(join(__dirname, 'yardstick.js'), [kind], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...(answer && { [RECORDED_ANSWER_VARIABLE]: JSON.stringify(answer) }) },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: number) => resolve(message));
    child.once('exit', (code) => reject(new Error(`the ${kind} yardstick exited (${code})`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: pidOf(child, `${kind} yardstick`),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}
