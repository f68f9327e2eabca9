import { connect, type Socket } from 'node:net';
import { adapters } from '../../adapters';
import { startHarness, type Harness } from '../support/harness';
import { personId } from '../support/registry';

const PERSON = encodeURIComponent(personId(adapters[0]!));

/** What an HTTP client on a raw socket sees: everything the server wrote, and when it closed the connection. */
interface Exchange {
  response: string;
  closedAfterMs: number;
}

/** Sends `text` and waits (at most `waitMs`) for the server to close the connection. */
function exchange(port: number, text: string, waitMs: number): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(text));
    let response = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => (response += chunk));
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ response, closedAfterMs: Infinity });
    }, waitMs);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ response, closedAfterMs: Date.now() - started });
    });
    socket.on('error', reject);
  });
}

/**
 * A request is authenticated before its body is read, and a client that sends slowly is cut off
 * at the configured timeouts (far below Node's 300 s), so connections without a token cost little.
 */
describe('slow and unauthenticated clients', () => {
  let harness: Harness;
  let port: number;
  beforeAll(async () => {
    harness = await startHarness({ server: { requestTimeoutMs: 1500, headersTimeoutMs: 1000, keepAliveTimeoutMs: 1000 } });
    port = await harness.gateway.listen(0);
  });
  afterAll(() => harness.close());

  it('when a body comes without a token and is not JSON, then 401, not 400: nothing is read before the token', async () => {
    const response = await harness.http.post('/v1/users').set('Content-Type', 'application/json').send('{not json');
    expect(response.status).toBe(401);
  });

  it('when a body comes without a token and is over the size limit, then 401, not 413', async () => {
    const response = await harness.http
      .post('/v1/users')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(200 * 1024) }));
    expect(response.status).toBe(401);
  });

  it('when a request without a token announces a body it never sends, then 401 comes at once and the connection closes', async () => {
    const { response, closedAfterMs } = await exchange(
      port,
      'POST /v1/users HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
      10_000,
    );
    expect(response).toMatch(/^HTTP\/1\.1 401 /);
    // Well before the request timeout: the connection was not held open for the body.
    expect(closedAfterMs).toBeLessThan(1000);
  });

  it('when a client with a token sends its body too slowly, then the connection is cut at server.requestTimeoutMs', async () => {
    const { response, closedAfterMs } = await exchange(
      port,
      `POST /v1/users HTTP/1.1\r\nHost: gateway\r\nAuthorization: ${harness.bearer()}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
      10_000,
    );
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(5000);
  });

  it('when a client never finishes its headers, then the connection is cut at server.headersTimeoutMs', async () => {
    const { closedAfterMs } = await exchange(port, `GET /v1/users/${PERSON} HTTP/1.1\r\nHost: gateway\r\nX-Slow: `, 10_000);
    expect(closedAfterMs).toBeLessThan(5000);
  });
});

describe('an address that keeps failing authentication', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ authFailureLimit: { requests: 3, perSeconds: 60 } });
  });
  afterAll(() => harness.close());
  const get = (authorization: string) => harness.http.get(`/v1/users/${PERSON}`).set('Authorization', authorization);

  it('when it has failed as often as authFailureLimit allows, then its next requests are 429 with Retry-After, a valid token included', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await get('Bearer not.a.jwt')).status).toBe(401);
    const refused = await get('Bearer not.a.jwt');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get(harness.bearer())).status).toBe(429);
  });
});

/**
 * Behind a load balancer or ingress every request comes from the proxy's address: counted by that
 * address, one client sending bad tokens would have every client refused. `server.trustProxy` names
 * the proxies whose X-Forwarded-For is believed; without it, the header is nobody's word.
 */
describe('failed authentications behind a proxy', () => {
  const PROXIED = { requests: 3, perSeconds: 60 };
  const get = (harness: Harness, authorization: string, forwardedFor: string) =>
    harness.http.get(`/v1/users/${PERSON}`).set('Authorization', authorization).set('X-Forwarded-For', forwardedFor);

  it('when the proxy is trusted (server.trustProxy), then only the failing client is refused, not the others behind it', async () => {
    const harness = await startHarness({ authFailureLimit: PROXIED, server: { trustProxy: ['loopback'] } });
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) expect((await get(harness, 'Bearer not.a.jwt', '203.0.113.7')).status).toBe(401);
      expect((await get(harness, 'Bearer not.a.jwt', '203.0.113.7')).status).toBe(429);
      expect((await get(harness, harness.bearer(), '203.0.113.8')).status).toBe(200);
    } finally {
      await harness.close();
    }
  });

  it('when no proxy is trusted (the default), then X-Forwarded-For is ignored: a client cannot dodge the limit by naming other addresses', async () => {
    const harness = await startHarness({ authFailureLimit: PROXIED });
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) expect((await get(harness, 'Bearer not.a.jwt', `203.0.113.${attempt}`)).status).toBe(401);
      expect((await get(harness, harness.bearer(), '203.0.113.99')).status).toBe(429);
    } finally {
      await harness.close();
    }
  });
});
