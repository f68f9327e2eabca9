import { setTimeout as delay } from 'node:timers/promises';
import { runAutocannon } from './autocannon';

/** What to call: a server and the GET requests to send it. */
export interface Target {
  /** `http://host:port` of the server under test. */
  origin: string;
  /** The path of each request in turn (called once per request, so paths can differ). */
  nextPath: () => string;
  headers?: Record<string, string>;
  /** Whether a 2xx answer's body is what it should be; one that is not counts as a failure. */
  verifyBody?: (body: string) => boolean;
}

export interface FixedRateLoad extends Target {
  /** Requests a second, spread evenly over each second. */
  rate: number;
  /** Whole seconds. */
  seconds: number;
}

export interface LatencySamples {
  /** Milliseconds, sorted, at sub-millisecond resolution. */
  latenciesMs: number[];
  /** 2xx answers, each client's first (left out of the latencies) included. */
  answered: number;
  /** Answers other than 2xx, bodies that failed verification, timeouts and connection errors. */
  failures: number;
}

/**
 * Open-loop load at a fixed rate, so that a slow answer cannot delay the requests behind it and
 * hide itself (coordinated omission). autocannon's own rate mode sends each connection's quota in a
 * burst at the top of every second, so this runs `rate` single-connection autocannon clients at one
 * request a second each, started 1/rate seconds apart: one request every 1/rate seconds, on time.
 * autocannon's histogram rounds to whole milliseconds, so the raw response times are kept instead.
 * Each client's first answer, which pays for the TCP connect, is left out.
 */
export async function fixedRate(load: FixedRateLoad): Promise<LatencySamples> {
  const { verifyBody } = load;
  const latenciesMs: number[] = [];
  let failures = 0;
  let ok = 0;
  const clients: Promise<unknown>[] = [];
  for (let index = 0; index < load.rate; index += 1) {
    let answered = 0;
    clients.push(
      runAutocannon(
        {
          url: load.origin,
          connections: 1,
          connectionRate: 1,
          amount: load.seconds + 1,
          // How often autocannon looks whether the run was stopped (its throughput samples go unused).
          sampleInt: 100,
          headers: load.headers,
          ...(verifyBody && { verifyBody: (body) => verifyBody(String(body)) }),
          requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: load.nextPath() }) }],
        },
        {
          onResponse(statusCode, responseTimeMs, stop) {
            answered += 1;
            if (statusCode < 200 || statusCode >= 300) failures += 1;
            else {
              ok += 1;
              if (answered > 1) latenciesMs.push(responseTimeMs);
            }
            // autocannon would only notice at the next second's tick that the client is done.
            if (answered === load.seconds + 1) stop();
          },
          onError: () => (failures += 1),
        },
      ),
    );
    await delay(1000 / load.rate);
  }
  await Promise.all(clients);
  return { latenciesMs: latenciesMs.sort((a, b) => a - b), answered: ok, failures };
}
