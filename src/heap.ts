/**
 * The young generation's ceiling the gateway runs with: 8 MiB semi-spaces. Left to itself, V8 sizes
 * the young generation from the machine's memory (128 MiB on a 24 GiB machine), and a gateway under
 * sustained reads fills it, which is most of its peak RSS; a request server keeps little alive from
 * one request to the next, so a smaller young generation costs no measurable CPU (bench/README.md).
 * It is a V8 flag, read when the heap is made: `npm start`, the image's CMD and the bench pass it on
 * node's command line, and the workers of `usergate serve --workers N` are started with it.
 */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=8';

/** The node flags to start a gateway process with: these, and the young generation's ceiling unless they set one. */
export function gatewayExecArgv(execArgv: readonly string[]): string[] {
  return execArgv.some((flag) => flag.startsWith('--max-semi-space-size')) ? [...execArgv] : [...execArgv, YOUNG_GENERATION_FLAG];
}
