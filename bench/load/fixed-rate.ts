import { Agent, request } from 'node:http';

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
  /** 2xx answers, those on a new connection (left out of the latencies) included. */
  answered: number;
  /** Answers other than 2xx, bodies that failed verification, timeouts and connection errors. */
  failures: number;
}

/** A request with no answer by then counts as a failure. */
const ANSWER_TIMEOUT_MS = 10_000;

type Outcome = { ok: false } | { ok: true; latencyMs: number; onNewConnection: boolean };

/**
 * Open-loop load at a fixed rate, so that a slow answer cannot delay the requests behind it and
 * hide itself (coordinated omission): request n is sent at n/rate seconds whatever the answers
 * before it did (a timer late by a fraction of a millisecond sends what is due at once), and its
 * latency runs from its sending to the last byte of its answer. The requests share a keep-alive
 * pool with a socket for every request in flight; an answer on a new connection, which paid for the
 * TCP connect, is left out of the latencies.
 * NOTE: one lean loop in the bench's process, not a client per request a second (the bench ran
 * `rate` autocannon clients, whose timers and parsing took a share of the two cores and stretched
 * the tail of every path it measured, the more so the more processes a path wakes: bench/README.md).
 */
export async function fixedRate(load: FixedRateLoad): Promise<LatencySamples> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const total = load.rate * load.seconds;
  const interval = 1000 / load.rate;
  const outcomes: Promise<Outcome>[] = [];
  const start = performance.now();
  try {
    await new Promise<void>((allSent) => {
      const sendDue = () => {
        while (outcomes.length < total && start + outcomes.length * interval <= performance.now()) {
          outcomes.push(send(load, agent));
        }
        if (outcomes.length < total) setTimeout(sendDue, Math.max(0, start + outcomes.length * interval - performance.now()));
        else allSent();
      };
      sendDue();
    });
    const settled = await Promise.all(outcomes);
    const latenciesMs = settled.flatMap((outcome) => (outcome.ok && !outcome.onNewConnection ? [outcome.latencyMs] : []));
    const answered = settled.filter((outcome) => outcome.ok).length;
    return { latenciesMs: latenciesMs.sort((a, b) => a - b), answered, failures: total - answered };
  } finally {
    agent.destroy();
  }
}

/** One GET; settles (never rejects) with its latency, or as a failure. */
function send(target: Target, agent: Agent): Promise<Outcome> {
  const { verifyBody } = target;
  return new Promise((settle) => {
    const sentAt = performance.now();
    const call = request(`${target.origin}${target.nextPath()}`, { agent, headers: target.headers, timeout: ANSWER_TIMEOUT_MS }, (answer) => {
      const chunks: Buffer[] = [];
      if (verifyBody) answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      else answer.resume();
      answer.on('end', () => {
        const latencyMs = performance.now() - sentAt;
        const status = answer.statusCode ?? 0;
        const ok = status >= 200 && status < 300 && (!verifyBody || verifyBody(Buffer.concat(chunks).toString('utf8')));
        settle(ok ? { ok, latencyMs, onNewConnection: !call.reusedSocket } : { ok });
      });
      answer.on('error', () => settle({ ok: false }));
    });
    call.on('timeout', () => call.destroy(new Error('no answer in time')));
    call.on('error', () => settle({ ok: false }));
    call.end();
  });
}
