import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createLogger } from '../../src/logging/logger';
import { Metrics } from '../../src/observability/metrics';
import { UpstreamClient } from '../../src/upstream/client';

const MAX_RESPONSE_BYTES = 64 * 1024;
const ATTEMPT_TIMEOUT_MS = 300;

/** What the provider does with each path: the client's limits are about the wire, so the provider is a plain HTTP server. */
const answers: Record<string, (response: http.ServerResponse) => void> = {
  '/small': (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
  '/declared-too-long': (response) => response.writeHead(200, { 'content-length': MAX_RESPONSE_BYTES + 1 }).end('x'.repeat(MAX_RESPONSE_BYTES + 1)),
  // No Content-Length: only counting the bytes as they come tells.
  '/chunked-too-long': (response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    for (let sent = 0; sent <= MAX_RESPONSE_BYTES; sent += 1024) response.write('x'.repeat(1024));
    response.end();
  },
  '/gzip': (response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"compressed":true}')),
  '/gzip-bomb': (response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(MAX_RESPONSE_BYTES * 4))),
  '/redirect': (response) => response.writeHead(302, { location: '/small' }).end(),
  '/silent': () => undefined,
  '/stalls-mid-body': (response) => {
    response.writeHead(200, { 'content-length': 100 });
    response.write('{"partial":');
  },
};

describe('answers the upstream client accepts', () => {
  let server: http.Server;
  let client: UpstreamClient;
  const received: string[] = [];
  const userAgents: (string | undefined)[] = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      received.push(`${request.method} ${request.url} ${request.headers['accept-encoding'] ?? '-'}`);
      userAgents.push(request.headers['user-agent']);
      answers[request.url ?? '']?.(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new UpstreamClient({
      connection: 'limits',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      maxConcurrency: 2,
      maxQueue: 10,
      retries: 0,
      breaker: { failureRate: 0.99, minimumCalls: 1_000, windowMs: 30_000, halfOpenAfterMs: 30_000 },
      logger: createLogger({ level: 'error' }),
      metrics: new Metrics(),
    });
  });
  afterAll(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (path: string) => client.send({ operation: 'probe', method: 'GET', path, idempotent: true }, { signal: new AbortController().signal });

  it('when the answer declares more bytes than the limit, then provider_error, and the next call still gets through', async () => {
    await expect(get('/declared-too-long')).rejects.toMatchObject({ code: 'provider_error', origin: 'provider', connection: 'limits' });
    expect((await get('/small')).json()).toEqual({ ok: true });
  });

  it('when an answer without a declared length grows past the limit, then provider_error', async () => {
    await expect(get('/chunked-too-long')).rejects.toMatchObject({ code: 'provider_error' });
  });

  it('when the provider compresses an answer it was not asked to, then it is still read, and its decoded size is what the limit holds', async () => {
    expect((await get('/gzip')).json()).toEqual({ compressed: true });
    await expect(get('/gzip-bomb')).rejects.toMatchObject({ code: 'provider_error' });
    expect(received.filter((line) => line.startsWith('GET /gzip ')).every((line) => line.endsWith(' -'))).toBe(true);
  });

  it('when the provider redirects, then the redirect is the answer: nothing is followed', async () => {
    const before = received.length;
    expect((await get('/redirect')).status).toBe(302);
    expect(received.length - before).toBe(1);
  });

  // The slack is a loaded CI machine's; a timer that ticks in whole seconds would miss it.
  it.each(['/silent', '/stalls-mid-body'])(
    'when the provider takes longer than the attempt timeout (%s), then provider_timeout at that timeout',
    async (path) => {
      const started = Date.now();
      await expect(get(path)).rejects.toMatchObject({ code: 'provider_timeout' });
      expect(Date.now() - started).toBeLessThan(ATTEMPT_TIMEOUT_MS + 600);
    },
  );

  it('when an upload is larger than a provider call may carry, then 413 and nothing is sent', async () => {
    const before = received.length;
    const upload = { bytes: Buffer.alloc(20 * 1024 * 1024 + 1), contentType: 'application/octet-stream' };
    await expect(
      client.send({ operation: 'upload', method: 'POST', path: '/small', body: upload }, { signal: new AbortController().signal }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      status: 413,
    });
    expect(received.length).toBe(before);
  });

  it('when a call is made, then it names the gateway as its user agent (some providers refuse a request without one)', async () => {
    await get('/small');
    expect(userAgents.at(-1)).toBe('usergate');
  });
});
