import { fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEnvironment } from '../environment';
import { figure, type ScenarioResult } from '../figures';
import type { LogWriterRequest, LogWriterResult } from '../processes/log-writer';
import { median, round } from '../stats';

/**
 * What one log line costs the gateway's CPU, from the call to the bytes in the file: the access and
 * audit lines of a cached read, on the gateway's default streams (stdout and stderr, here files), in
 * a process of their own (log-writer.ts), alternately with nothing else in it. Target: 5 µs a line.
 */
export async function logLineCost(env: BenchEnvironment): Promise<ScenarioResult> {
  const { lines, rounds } = env.profile.logLines;
  const stdout = openSync(join(env.workDir, 'log-writer.log'), 'w');
  const stderr = openSync(join(env.workDir, 'log-writer.audit.log'), 'w');
  const child = fork(join(__dirname, '../processes/log-writer.js'), [], { stdio: ['ignore', stdout, stderr, 'ipc'] });
  closeSync(stdout);
  closeSync(stderr);
  const write = (count: number) =>
    new Promise<LogWriterResult>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the log writer exited (${code})`));
      child.once('exit', exited);
      child.once('message', (result: LogWriterResult) => {
        child.off('exit', exited);
        resolve(result);
      });
      child.send({ lines: count } satisfies LogWriterRequest);
    });
  const measured: LogWriterResult[] = [];
  try {
    await write(lines / 4);
    for (let pass = 0; pass < rounds; pass += 1) measured.push(await write(lines));
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.disconnect();
    await exited;
  }
  const cpu = round(median(measured.map((one) => one.cpuMicrosecondsPerLine)), 2);
  const inCall = round(median(measured.map((one) => one.callMicrosecondsPerLine)), 2);
  return {
    figures: [
      figure({
        figure: 'Log line, CPU per line',
        sideBySide: `access and audit lines of a cached read on stdout and stderr (files); ${inCall} µs inside the logging call`,
        result: cpu,
        unit: 'µs',
        target: { atMost: 5 },
      }),
    ],
    failures: 0,
    details: { linesPerRound: lines, rounds: measured },
  };
}
