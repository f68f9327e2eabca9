import { cpuSeconds } from '../processes/proc-status';
import { runAutocannon } from './autocannon';

export interface ClosedLoopLoad {
  /** Full URL of the request every connection repeats. */
  url: string;
  /** Each request's path in turn instead of the URL's (so that concurrent reads can name other users). */
  nextPath?: () => string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  /** Stop after this many requests instead of after `seconds` (the bench's own time limit still holds). */
  amount?: number;
  /** The server's process, whose CPU time is divided by the answers. */
  serverPid: number;
  /** A cluster's worker processes, whose CPU time counts too. */
  workerPids?: readonly number[];
}

export interface Throughput {
  /** 2xx answers in all. */
  answered: number;
  /** 2xx answers a second. */
  requestsPerSecond: number;
  /** The server's CPU time (user and system) per 2xx answer: what other load on the machine moves least. */
  cpuMicrosecondsPerRequest: number;
  failures: number;
}

/** As many requests as the server answers: each connection sends the next as soon as the last is answered. */
export async function maxThroughput(load: ClosedLoopLoad): Promise<Throughput> {
  const serverCpu = () => [load.serverPid, ...(load.workerPids ?? [])].reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const cpuBefore = serverCpu();
  const { nextPath } = load;
  const result = await runAutocannon({
    url: load.url,
    headers: load.headers,
    connections: load.connections,
    duration: load.seconds,
    ...(load.amount !== undefined && { amount: load.amount }),
    ...(nextPath && { requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }] }),
  });
  const answered = result['2xx'];
  return {
    answered,
    requestsPerSecond: Math.round(answered / result.duration),
    cpuMicrosecondsPerRequest: Math.round(((serverCpu() - cpuBefore) / answered) * 1e6),
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
