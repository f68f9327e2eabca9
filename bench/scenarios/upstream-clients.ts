import http from 'node:http';
import axios from 'axios';
import { Pool } from 'undici';
import type { BenchEnvironment } from '../environment';
import type { ScenarioResult } from '../figures';
import { benchUserId } from '../processes/bench-users';
import { median } from '../stats';

/** One GET; resolves with the status once the whole body has been read. */
type Call = (path: string) => Promise<number>;

const CONCURRENCY = 8;
const TIMEOUT_MS = 5000;

/**
 * What one upstream call costs the caller's CPU with axios (configured as src/upstream/client.ts
 * configures it) against node:http, undici's request API and fetch (undici), each with a keep-alive pool, reading
 * Rebilly users from its simulator. Measured in the bench's own process, which is otherwise idle
 * here; not a target, but the numbers behind any choice of client.
 */
export async function upstreamClientCost(env: BenchEnvironment): Promise<ScenarioResult> {
  const { calls, rounds } = env.profile.upstreamClients;
  const rebilly = env.simulators.byProvider('rebilly');
  const base = new URL(rebilly.baseUrl);
  const headers = { accept: 'application/json', 'REB-APIKEY': String(rebilly.credentials.apiKey) };
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const viaAxios = axios.create({
    baseURL: base.origin,
    allowAbsoluteUrls: false,
    maxRedirects: 0,
    timeout: TIMEOUT_MS,
    httpAgent: agent,
    proxy: false,
    responseType: 'text',
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
  });
  const undiciPool = new Pool(base.origin, { connections: CONCURRENCY });
  // axios as the interface, undici's pool as the transport: how much of axios's cost is its own http adapter.
  const viaAxiosOverUndici = axios.create({
    baseURL: base.origin,
    allowAbsoluteUrls: false,
    maxRedirects: 0,
    timeout: TIMEOUT_MS,
    responseType: 'text',
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    adapter: async (config) => {
      const response = await undiciPool.request({
        method: 'GET',
        path: config.url ?? '/',
        headers: config.headers.toJSON(),
        signal: config.signal as AbortSignal | undefined,
      });
      return { data: await response.body.text(), status: response.statusCode, statusText: '', headers: response.headers, config };
    },
  });
  const clients: Record<string, Call> = {
    axios: async (path) => (await viaAxios.request<string>({ method: 'GET', url: path, headers, signal: AbortSignal.timeout(TIMEOUT_MS) })).status,
    'axios over undici': async (path) =>
      (await viaAxiosOverUndici.request<string>({ method: 'GET', url: path, headers, signal: AbortSignal.timeout(TIMEOUT_MS) })).status,
    'node:http': (path) => nodeHttpGet({ host: base.hostname, port: base.port, path, headers, agent, signal: AbortSignal.timeout(TIMEOUT_MS) }),
    // undici's own request API over a pool of the same size: fetch's engine without the WHATWG streams and objects.
    'undici.request': async (path) => {
      const response = await undiciPool.request({ method: 'GET', path, headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
      await response.body.text();
      return response.statusCode;
    },
    fetch: async (path) => {
      const response = await fetch(`${base.origin}${path}`, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
      await response.text();
      return response.status;
    },
  };
  let failures = 0;
  let nextUser = 0;
  const run = async (call: Call, count: number) => {
    const perWorker = Math.ceil(count / CONCURRENCY);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let index = 0; index < perWorker; index += 1) {
          if ((await call(`${base.pathname}/users/${benchUserId((nextUser += 1))}`)) !== 200) failures += 1;
        }
      }),
    );
    return perWorker * CONCURRENCY;
  };
  const measured: Record<string, number[]> = {};
  try {
    for (const call of Object.values(clients)) await run(call, calls / 4);
    for (let pass = 0; pass < rounds; pass += 1) {
      for (const [name, call] of Object.entries(clients)) {
        const before = process.cpuUsage();
        const made = await run(call, calls);
        const used = process.cpuUsage(before);
        (measured[name] ??= []).push(Math.round((used.user + used.system) / made));
      }
    }
  } finally {
    agent.destroy();
    await undiciPool.close();
  }
  return {
    figures: [],
    failures,
    details: {
      callsPerRound: calls,
      cpuMicrosecondsPerCall: Object.fromEntries(Object.entries(measured).map(([name, values]) => [name, median(values)])),
      rounds: measured,
    },
  };
}

function nodeHttpGet(options: http.RequestOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({ ...options, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode === undefined) reject(new Error('an answer without a status code'));
        else resolve(response.statusCode);
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}
