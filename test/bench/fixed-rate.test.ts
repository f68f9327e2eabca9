import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixedRate } from '../../bench/load/fixed-rate';

interface Arrival {
  path: string;
  atMs: number;
}

/** A server that notes when each request arrives and answers it as `respond` says. */
async function recordingServer(
  respond: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ origin: string; arrivals: Arrival[]; connections: () => number; server: Server }> {
  const arrivals: Arrival[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    arrivals.push({ path: request.url ?? '', atMs: performance.now() });
    respond(request, response);
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals, connections: () => connections, server };
}

const RATE = 50;

describe('fixed-rate load (the bench latency scenarios)', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((closed) => server.close(closed))));
  });

  async function serve(respond: (request: IncomingMessage, response: ServerResponse) => void) {
    const recording = await recordingServer(respond);
    servers.push(recording.server);
    return recording;
  }

  it('when answers are slow, then requests still go out on schedule, each with its own path (open loop: no coordinated omission)', async () => {
    // Every tenth request takes 300 ms, fifteen times the interval between requests.
    const { origin, arrivals } = await serve((request, response) => {
      setTimeout(() => response.end('ok'), Number(request.url?.slice(1)) % 10 === 0 ? 300 : 0);
    });
    let next = 0;
    const samples = await fixedRate({ origin, nextPath: () => `/${(next += 1)}`, rate: RATE, seconds: 1 });

    expect(samples).toMatchObject({ answered: RATE, failures: 0 });
    // Two sent in one turn (a late timer) may arrive in either order over two sockets.
    const paths = arrivals.map((arrival) => Number(arrival.path.slice(1))).sort((a, b) => a - b);
    expect(paths).toEqual(Array.from({ length: RATE }, (_unused, index) => index + 1));
    const lastArrivalMs = (arrivals.at(-1)?.atMs ?? 0) - (arrivals.at(0)?.atMs ?? 0);
    expect(lastArrivalMs).toBeGreaterThan(((RATE - 1) * 1000) / RATE - 50);
    // Waiting for each answer would have sent the last request more than 1.5 s after the first.
    expect(lastArrivalMs).toBeLessThan(((RATE - 1) * 1000) / RATE + 250);
    expect(Math.max(...samples.latenciesMs)).toBeGreaterThanOrEqual(300);
  });

  it('when answers come at once, then each latency is kept, but not those of answers on a new connection, which paid for its connect', async () => {
    const { origin, connections } = await serve((_request, response) => response.end('ok'));
    const samples = await fixedRate({ origin, nextPath: () => '/', rate: RATE, seconds: 1 });

    expect(samples.answered).toBe(RATE);
    // Quick answers free their socket before the next request is due: a connection or two, kept alive.
    expect(connections()).toBeLessThan(RATE / 2);
    expect(samples.latenciesMs).toHaveLength(RATE - connections());
    expect(samples.latenciesMs).toEqual([...samples.latenciesMs].sort((a, b) => a - b));
  });

  it('when an answer is not 2xx or its body fails verification, then it counts as a failure', async () => {
    const { origin } = await serve((request, response) => {
      const n = Number(request.url?.slice(1));
      response.statusCode = n === 3 ? 503 : 200;
      response.end(n === 4 ? 'wrong' : 'right');
    });
    let next = 0;
    const samples = await fixedRate({ origin, nextPath: () => `/${(next += 1)}`, verifyBody: (body) => body === 'right', rate: 10, seconds: 1 });

    expect(samples).toMatchObject({ answered: 8, failures: 2 });
  });

  it('when the server is gone, then every request is a failure and the run still ends', async () => {
    const { origin, server } = await serve((_request, response) => response.end('ok'));
    await new Promise((closed) => server.close(closed));
    const samples = await fixedRate({ origin, nextPath: () => '/', rate: 10, seconds: 1 });

    expect(samples).toEqual({ latenciesMs: [], answered: 0, failures: 10 });
  });
});
