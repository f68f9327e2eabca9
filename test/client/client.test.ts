import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createGatewayClient,
  GatewayProblem,
  idempotencyKey,
  newIdempotencyKey,
  type components,
  type GatewayClient,
  type GatewayClientOptions,
} from '../../src/client';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith, newUserRequest, personId } from '../support/registry';

const reader = adapterWith({ maps: ['emailVerified'] });
const creator = adapterWith({ create: true });
const connections = reader === creator ? [{ adapter: reader }] : [{ adapter: reader }, { adapter: creator }];

/** Every request the client put on the wire, by method and path, with its Idempotency-Key. */
function recordingFetch() {
  const sent: { method: string; path: string; key: string | null }[] = [];
  const send = (request: Request) => {
    sent.push({ method: request.method, path: new URL(request.url).pathname, key: request.headers.get('Idempotency-Key') });
    return fetch(request);
  };
  return { sent, fetch: send };
}

/** The demo declarations type a name's parts as nullable, as users are read; a create sends only those it has. */
const newUser = () => newUserRequest(creator) as components['schemas']['CreateUserRequest'];

let subjects = 0;
/** Each test is its own client (token subject): rate limits count per client. */
const uniqueSubject = () => `client-test-${process.pid}-${++subjects}`;

describe('usergate/client, typed calls against a gateway', () => {
  let harness: Harness;
  let baseUrl: string;
  beforeAll(async () => {
    harness = await startHarness({ connections });
    baseUrl = `http://127.0.0.1:${await harness.gateway.listen(0)}`;
  });
  afterAll(() => harness.close());

  const client = (options: Partial<GatewayClientOptions> = {}) =>
    createGatewayClient({ baseUrl, token: harness.token('all', { subject: uniqueSubject() }), ...options });

  it('when a user is read by a path of the document, then the answer is the typed user', async () => {
    const { data, error } = await client().GET('/v1/users/{id}', { params: { path: { id: personId(reader) } } });
    expect(error).toBeUndefined();
    expect(data?.id).toBe(personId(reader));
    expect(data?.connection).toBe(reader.name);
  });

  it('when the connections are listed, then each comes with its typed capabilities', async () => {
    const { data } = await client().GET('/v1/connections');
    expect(data?.data.map((connection) => connection.name).sort()).toEqual(connections.map(({ adapter }) => adapter.name).sort());
    expect(typeof data?.data[0]?.capabilities.get).toBe('boolean');
  });

  it('when the user does not exist, then the failure is a GatewayProblem value with its code, status and retryable', async () => {
    const { data, error } = await client().GET('/v1/users/{id}', { params: { path: { id: `${reader.name}:${reader.demo.personId}0000` } } });
    expect(data).toBeUndefined();
    expect(error).toBeInstanceOf(GatewayProblem);
    expect(error).toMatchObject({ status: 404, code: 'user_not_found', retryable: false, connection: reader.name });
    expect(error?.problem?.origin).toBeDefined();
  });

  it('when the request is invalid, then the problem names the fields', async () => {
    const { error } = await client().GET('/v1/users', { params: { query: { email: 'not an email' } } });
    expect(error).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(error?.invalidFields.map((field) => field.field)).toContain('email');
  });

  it('when the token is refused, then the problem says unauthorized', async () => {
    const { error } = await client({ token: 'not.a.token' }).GET('/v1/connections');
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', retryable: false });
  });

  it('when nothing listens at the base URL, then the failure is an unreachable problem (status 0), not a throw', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const { error } = await client({ baseUrl: `http://127.0.0.1:${port}` }).GET('/v1/connections');
    expect(error).toMatchObject({ status: 0, code: 'unreachable', retryable: true, unreachable: true });
  });

  it('when the caller aborts, then the abort is thrown to the caller rather than turned into a problem', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(client().GET('/v1/connections', { signal: controller.signal })).rejects.toThrow();
  });

  it('when a create is sent twice with one idempotency key, then one user is created and both answers are it', async () => {
    const registrations = () => harness.simulators[creator.name]!.requests.filter((request) => request.method === 'POST').length;
    const before = registrations();
    const gateway = client();
    const create = { body: newUser(), params: { header: idempotencyKey(newIdempotencyKey()) } };
    const first = await gateway.POST('/v1/users', create);
    const second = await gateway.POST('/v1/users', create);
    expect(first.error).toBeUndefined();
    expect(second.data?.id).toBe(first.data?.id);
    expect(second.response?.headers.get('Idempotent-Replayed')).toBe('true');
    expect(registrations() - before).toBe(1);
  });
});

describe('usergate/client, retries only where safe', () => {
  let harness: Harness;
  let baseUrl: string;
  beforeAll(async () => {
    // One request a second per client: a second request at once is answered 429 with Retry-After 1.
    harness = await startHarness({ connections, rateLimit: { requests: 1, perSeconds: 1 } });
    baseUrl = `http://127.0.0.1:${await harness.gateway.listen(0)}`;
  });
  afterAll(() => harness.close());

  /** A client whose first request used up this second's quota. */
  async function limitedClient(options: Partial<GatewayClientOptions> = {}) {
    const recorder = recordingFetch();
    const gateway = createGatewayClient({ baseUrl, token: harness.token('all', { subject: uniqueSubject() }), fetch: recorder.fetch, ...options });
    expect((await gateway.GET('/v1/connections')).error).toBeUndefined();
    recorder.sent.length = 0;
    return { gateway, sent: recorder.sent };
  }

  it('when a read is rate limited with Retry-After, then it is sent again after the wait and succeeds', async () => {
    const { gateway, sent } = await limitedClient();
    const { data, error } = await gateway.GET('/v1/users/{id}', { params: { path: { id: personId(reader) } } });
    expect(error).toBeUndefined();
    expect(data?.id).toBe(personId(reader));
    expect(sent.map(({ method }) => method)).toEqual(['GET', 'GET']);
  });

  it('when a write with an idempotency key is rate limited, then it is sent again with the same key', async () => {
    const { gateway, sent } = await limitedClient();
    const key = newIdempotencyKey();
    const { error } = await gateway.POST('/v1/users', { body: newUser(), params: { header: idempotencyKey(key) } });
    expect(error).toBeUndefined();
    expect(sent).toEqual([
      { method: 'POST', path: '/v1/users', key },
      { method: 'POST', path: '/v1/users', key },
    ]);
  });

  it('when a write without an idempotency key is rate limited, then it is not sent again: the 429 is the answer', async () => {
    const { gateway, sent } = await limitedClient();
    const { error } = await gateway.POST('/v1/users', { body: newUser() });
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryable: true, retryAfterSeconds: 1 });
    expect(sent).toHaveLength(1);
  });

  it('when Retry-After is longer than the client will wait, then the 429 is the answer at once', async () => {
    const { gateway, sent } = await limitedClient({ retry: { maxWaitMs: 500 } });
    const { error } = await gateway.GET('/v1/connections');
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(sent).toHaveLength(1);
  });

  it('when retrying is turned off, then a rate-limited read is answered at once', async () => {
    const { gateway, sent } = await limitedClient({ retry: { attempts: 1 } });
    expect((await gateway.GET('/v1/connections')).error).toMatchObject({ status: 429 });
    expect(sent).toHaveLength(1);
  });
});

describe('usergate/client, retries are bounded', () => {
  let server: Server;
  let baseUrl: string;
  let answered = 0;
  beforeAll(async () => {
    // Something that is always unavailable, and always says to try again at once.
    server = createServer((_request, response) => {
      answered++;
      response.writeHead(503, { 'Content-Type': 'application/problem+json', 'Retry-After': '0' });
      response.end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Unavailable',
          status: 503,
          detail: 'Down.',
          code: 'provider_unavailable',
          origin: 'gateway',
          retryable: true,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('when every try is answered 503 with Retry-After, then the client stops after its attempts and returns the last problem', async () => {
    answered = 0;
    const { error } = await createGatewayClient({ baseUrl, retry: { attempts: 3 } }).GET('/v1/connections');
    expect(error).toMatchObject({ status: 503, code: 'provider_unavailable', retryable: true });
    expect(answered).toBe(3);
  });

  it('when the server answers without a problem document, then the failure says so with an http_<status> code', async () => {
    const plain = createServer((_request, response) => response.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad gateway</h1>'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const { error } = await createGatewayClient({ baseUrl: `http://127.0.0.1:${(plain.address() as AddressInfo).port}` }).GET('/v1/connections');
      expect(error).toMatchObject({ status: 502, code: 'http_502', retryable: true });
      expect(error?.problem).toBeUndefined();
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
  });
});

describe('usergate/client, where nothing answers', () => {
  let server: Server;
  let baseUrl: string;
  let received = 0;
  /** What the server does with each request: drop the connection, or never answer. */
  let behaviour: 'drop' | 'hang' = 'drop';
  beforeAll(async () => {
    server = createServer((request) => {
      received++;
      if (behaviour === 'drop') request.socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });

  it('when the connection drops, then the read is not sent again: the failure is unreachable at once', async () => {
    behaviour = 'drop';
    received = 0;
    const { error } = await createGatewayClient({ baseUrl }).GET('/v1/connections');
    expect(error).toMatchObject({ status: 0, code: 'unreachable', retryable: true });
    expect(received).toBe(1);
  });

  it('when no answer comes within timeoutMs, then the call ends as unreachable, saying so', async () => {
    behaviour = 'hang';
    const { error } = await createGatewayClient({ baseUrl, timeoutMs: 300 }).GET('/v1/connections');
    expect(error).toMatchObject({ status: 0, code: 'unreachable' });
    expect(error?.message).toBe('no answer within 0.3 s');
  });
});

describe('usergate/client, typed by the document', () => {
  it("when a path, parameter or body is not the document's, then the call does not compile (the type check is this test)", () => {
    const typeChecked = (gateway: GatewayClient) => [
      // @ts-expect-error: no such path
      gateway.GET('/v1/nope'),
      // @ts-expect-error: the user id is a required path parameter
      gateway.GET('/v1/users/{id}'),
      // @ts-expect-error: a create names its connection
      gateway.POST('/v1/users', { body: { user: { email: 'a@example.com' } } }),
      // @ts-expect-error: no DELETE on the connection list
      gateway.DELETE('/v1/connections'),
    ];
    expect(typeChecked).toBeInstanceOf(Function);
  });
});

describe('Idempotency-Key helpers', () => {
  it('when keys are made, then each is new and fits the header (printable ASCII, at most 255 characters)', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[\x21-\x7e]{1,255}$/);
  });

  it('when a key is given, then the header parameter carries that same key', () => {
    expect(idempotencyKey('order-42')).toEqual({ 'Idempotency-Key': 'order-42' });
  });
});
