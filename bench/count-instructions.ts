import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { YOUNG_GENERATION_FLAG } from '../src/heap';
import { benchEnvironment } from './environment';
import { runAutocannon } from './load/autocannon';
import { CACHE_ALWAYS_FRESH, CACHED_READ_PATH } from './processes/bench-users';
import { mainOfCheckout } from './processes/gateway';
import { startSimulators } from './processes/simulators';
import { PROFILES } from './profile';

/**
 * Instructions per cached read, counted by valgrind's callgrind in each of several builds:
 * `node dist/bench/count-instructions.js --build before=<checkout> --build after=<checkout>`. On a
 * shared machine CPU time moves by a third from one minute to the next; an instruction count moves
 * by a few percent (GC and the JIT's timing), whatever else runs. Each build runs as one gateway
 * process under callgrind (V8 with `--predictable`: no compiler or GC threads), takes `--warmup`
 * cached reads uncounted, then `--reads` counted (10 connections); with `--misses`, reads with the
 * cache off on one connection, the provider calls' client side included (the simulators are not
 * counted), after 20,000 uncounted by default: counted earlier, a miss still holds TurboFan's
 * compilations (1,058k instructions after 3,000 misses, 912k settled). It counts user-space
 * instructions only: the kernel's share of a read (its socket calls) is not in it, so it decides
 * between builds, and CPU time in alternating rounds (`compare-builds.js`) says what the difference
 * is worth.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      build: { type: 'string', multiple: true },
      reads: { type: 'string', default: '2000' },
      warmup: { type: 'string' },
      misses: { type: 'boolean', default: false },
    },
  });
  const builds = (values.build ?? []).map((pair) => {
    const [name, checkout] = pair.split('=');
    if (!name || !checkout) throw new Error(`--build takes name=<checkout>, not ${pair}`);
    return { name, main: mainOfCheckout(checkout) };
  });
  if (builds.length === 0)
    throw new Error('usage: count-instructions --build <name>=<checkout> [--build ...] [--reads 2000] [--warmup 6000, or 20000 with --misses] [--misses]');
  // A miss's path settles (V8 has optimised it) only after about 15,000 misses; a cached read's well before 6,000.
  const [reads, warmup] = [Number(values.reads), Number(values.warmup ?? (values.misses ? 20_000 : 6_000))];
  // Misses: the cache off, one connection (concurrent reads of one user would share one provider call).
  const [cache, connections, kind] = values.misses ? [{ enabled: false }, 1, 'cache miss'] : [CACHE_ALWAYS_FRESH, 10, 'cached read'];
  const simulators = await startSimulators();
  const workDir = mkdtempSync(join(tmpdir(), 'usergate-instructions-'));
  try {
    const env = benchEnvironment(PROFILES.full, simulators, workDir);
    for (const build of builds) {
      const counted = join(workDir, `${build.name}.callgrind`);
      const pidFile = join(workDir, `${build.name}.pid`);
      const gateway = await env.startGateway(build.name, { rebilly: 'rebilly' }, cache, {}, {}, 1, launcher(workDir, build, counted, pidFile));
      try {
        const read = (amount: number) =>
          runAutocannon({
            url: `${gateway.origin}${CACHED_READ_PATH}`,
            headers: { authorization: env.authorization },
            connections,
            amount,
            timeout: 60,
          });
        await read(warmup);
        const valgrindPid = readFileSync(pidFile, 'utf8');
        execFileSync('callgrind_control', ['--instr=on', valgrindPid], { stdio: 'ignore' });
        const answered = (await read(reads))['2xx'];
        execFileSync('callgrind_control', ['--instr=off', valgrindPid], { stdio: 'ignore' });
        execFileSync('callgrind_control', ['--dump', valgrindPid], { stdio: 'ignore' });
        console.log(
          `${build.name}: ${Math.round(totalInstructions(workDir, `${build.name}.callgrind`) / answered)} instructions per ${kind} (${answered} reads counted after ${warmup})`,
        );
      } finally {
        await gateway.stop();
      }
    }
  } finally {
    await simulators.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** A script the bench starts as the gateway: it runs the build's gateway under callgrind, counting nothing until told. */
function launcher(workDir: string, build: { name: string; main: string }, counted: string, pidFile: string): string {
  const path = join(workDir, `launch-${build.name}.js`);
  const valgrind = [
    '--tool=callgrind',
    '--instr-atstart=no',
    `--callgrind-out-file=${counted}`,
    process.execPath,
    YOUNG_GENERATION_FLAG,
    '--predictable',
    build.main,
  ];
  writeFileSync(
    path,
    `const { spawn } = require('node:child_process');
const child = spawn('valgrind', ${JSON.stringify(valgrind)}, { stdio: 'inherit' });
require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 1));
`,
  );
  return path;
}

/** callgrind writes one file per dump (`<name>.callgrind.1`, ...); each ends with its total. */
function totalInstructions(workDir: string, prefix: string): number {
  return readdirSync(workDir)
    .filter((file) => file.startsWith(prefix))
    .reduce((sum, file) => sum + Number(/^totals: (\d+)/m.exec(readFileSync(join(workDir, file), 'utf8'))?.[1] ?? 0), 0);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
