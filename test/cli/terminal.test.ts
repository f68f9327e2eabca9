import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHarness, type Harness } from '../support/harness';
import { runCli } from '../support/cli-process';
import { adapterWith, personId } from '../support/registry';

const adapter = adapterWith();

/**
 * A provider may hold names written by anyone, control characters included: the CLI prints every
 * C0 and C1 control character visibly escaped, so that no answer can retitle the terminal, clear
 * it, or forge table rows. The gateway here is a stand-in serving such a user as the real gateway
 * would (the real one refuses them on writes, but reads what providers hold).
 */
const HOSTILE = {
  title: '\u001b]0;owned\u0007',
  clear: '\u001b[2J',
  forgedRow: '\r\nFAKE  acme  ok  9 found',
  c1: '\u009b31m',
  reordered: '\u202egnp.exe\u2066',
};
const HOSTILE_NAME = Object.values(HOSTILE).join('');

/** Anything a terminal acts on: C0 but the line feeds the CLI writes itself, DEL, C1, and the bidirectional overrides and isolates. */
const ACTED_ON = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('usergate output of hostile provider data', () => {
  let harness: Harness;
  let server: Server;
  let url: string;
  let user: Record<string, unknown>;
  let fanOut: string;
  let problem: string;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter }] });
    const real = (await harness.http.get(`/v1/users/${encodeURIComponent(personId(adapter))}`).set('Authorization', harness.bearer())).body as Record<
      string,
      unknown
    >;
    user = { ...real, name: { given: HOSTILE_NAME, family: HOSTILE.forgedRow, full: HOSTILE_NAME }, email: `a${HOSTILE.clear}@example.com` };
    fanOut = JSON.stringify({ data: [user], connections: { [adapter.name]: { status: 'ok', count: 1, latencyMs: 3 } } });
    problem = JSON.stringify({
      type: 'urn:usergate:problem:invalid_request',
      title: 'Invalid request',
      status: 400,
      detail: `Refused ${HOSTILE.title}${HOSTILE.forgedRow}`,
      code: 'invalid_request',
      origin: 'gateway',
      retryable: false,
    });
    server = createServer((req, res) => {
      if (req.url?.startsWith('/v1/users/x')) res.writeHead(400, { 'Content-Type': 'application/problem+json' }).end(problem);
      else if (req.url?.startsWith('/v1/users?')) res.writeHead(200, { 'Content-Type': 'application/json' }).end(fanOut);
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(user));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await harness.close();
  });

  const users = (...args: string[]) => runCli(['users', ...args], { USERGATE_URL: url, USERGATE_TOKEN: harness.token() });

  it('when a user is read, then the output holds no control character and shows each one escaped', async () => {
    const result = await users('get', personId(adapter));
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(ACTED_ON);
    expect(result.stdout).toContain('\\x1b]0;owned\\x07');
    expect(result.stdout).toContain('\\x9b31m');
  });

  it('when users are found, then no table row is forged and no control character reaches the terminal', async () => {
    const result = await users('find', '--email', 'a@example.com');
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(ACTED_ON);
    expect(result.stdout).not.toMatch(/^FAKE/m);
    expect(result.stdout).toContain('\\r\\nFAKE');
  });

  it('when --json is given, then the JSON is printed exactly as the gateway sent it', async () => {
    const result = await users('find', '--email', 'a@example.com', '--json');
    expect(result.stdout).toBe(`${fanOut}\n`);
  });

  it('when the gateway answers with a problem, then its detail reaches stderr escaped', async () => {
    const result = await users('get', 'x:1');
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(ACTED_ON);
    expect(result.stderr).toContain('\\x1b]0;owned\\x07\\r\\nFAKE');
  });
});
