import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HIDDEN_PII } from '../../src/console/client/user-fields';
import { startHarness, type Harness } from '../support/harness';
import { runCli } from '../support/cli-process';
import { adaptersWith, adapterWith, personId } from '../support/registry';

const EGLE = 'egle.jankauskiene@example.com';
/** The demo person where the provider says her email is verified and keeps her national id and date of birth. */
const reader = adapterWith({ maps: ['emailVerified', 'nationalId', 'dateOfBirth'] });
const PERSON = personId(reader);
/** An id the reader's pattern accepts that no demo user has. */
const MISSING = `${reader.name}:${reader.demo.personId}0000`;
/** The CLI sends no password: an adapter whose creates need none. */
const creator = adaptersWith({ create: true }).find((adapter) => adapter.demo.newUser?.password === undefined)!;
const newUser = (email: string) => ({ ...creator.demo.newUser!.user, email });

/** `usergate users ...` against a gateway listening on a real port, with the demo users. */
describe('usergate users', () => {
  let harness: Harness;
  let url: string;
  beforeAll(async () => {
    harness = await startHarness();
    url = `http://127.0.0.1:${await harness.gateway.listen(0)}`;
  });
  afterAll(() => harness.close());

  const users = (args: string[], token = harness.token(), stdin?: string) => runCli(['users', ...args], { USERGATE_URL: url, USERGATE_TOKEN: token }, stdin);
  const userFile = (user: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'usergate-cli-')), 'user.json');
    writeFileSync(file, JSON.stringify(user));
    return file;
  };
  const uniqueEmail = () => `cli-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

  describe('get', () => {
    it('when a user is read, then her name, global id and key fields are printed', async () => {
      const result = await users(['get', PERSON]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Eglė Jankauskienė {2}${escape(PERSON)}\n`));
      expect(result.stdout).toMatch(/^ {2}Email +egle\.jankauskiene@example\.com \(verified\)$/m);
      expect(result.stdout).toMatch(/^ {2}National id +48804120123$/m);
    });

    it("when a user is read with --json, then the gateway's JSON is printed unchanged", async () => {
      const direct = await harness.http.get(`/v1/users/${encodeURIComponent(PERSON)}`).set('Authorization', harness.bearer());
      const result = await users(['get', PERSON, '--json']);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`${direct.text}\n`);
    });

    it('when the token lacks users:pii, then the withheld fields say so instead of looking empty', async () => {
      const result = await users(['get', PERSON], harness.token(['users:read']));
      expect(result.stdout).toMatch(new RegExp(`^ {2}Date of birth +${escape(HIDDEN_PII)}$`, 'm'));
      expect(result.stdout).toMatch(new RegExp(`^ {2}National id +${escape(HIDDEN_PII)}$`, 'm'));
    });

    it('when the user does not exist, then it exits 1 with the problem code on stderr', async () => {
      const result = await users(['get', MISSING]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^user_not_found \(404\): /);
      expect(result.stdout).toBe('');
    });

    it('when the user does not exist and --json is given, then the problem document is printed for scripts', async () => {
      const result = await users(['get', MISSING, '--json']);
      expect(result.status).toBe(1);
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 404, code: 'user_not_found' });
    });

    it('when the token is refused, then it exits 1 and points at USERGATE_TOKEN', async () => {
      const result = await users(['get', PERSON], 'not.a.token');
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('unauthorized (401)');
      expect(result.stderr).toContain('USERGATE_TOKEN');
    });

    it('when no gateway listens at the URL, then it exits 3 and says it cannot reach it', async () => {
      const closedPort = await unusedPort();
      const result = await runCli(['users', 'get', PERSON, '--url', `http://127.0.0.1:${closedPort}`], { USERGATE_TOKEN: harness.token() });
      expect(result.status).toBe(3);
      expect(result.stderr).toContain(`Cannot reach the gateway at http://127.0.0.1:${closedPort} (ECONNREFUSED)`);
    });

    it('when the URL answers but is not a gateway, then it exits 1 and says so', async () => {
      const server = await listen(createServer((_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>nope</h1>')));
      try {
        const result = await runCli(['users', 'get', PERSON, '--url', `http://127.0.0.1:${port(server)}`], { USERGATE_TOKEN: harness.token() });
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('is this the gateway?');
      } finally {
        server.close();
      }
    });

    it('when USERGATE_TOKEN is not set, then it exits 2 without calling the gateway', async () => {
      const result = await runCli(['users', 'get', PERSON], { USERGATE_URL: url });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('Set USERGATE_TOKEN');
    });

    it('when the URL is not a URL, then it exits 2', async () => {
      const result = await users(['get', PERSON, '--url', 'localhost:8080']);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('must be an http(s) URL');
    });
  });

  describe('find', () => {
    it('when a person is looked up by email, then a table of accounts and one of connection outcomes are printed', async () => {
      const result = await users(['find', '--email', EGLE]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^ID +CONNECTION +NAME +EMAIL +PHONE +STATUS +VERIFICATION$/m);
      expect(result.stdout).toMatch(new RegExp(`^${escape(PERSON)} +${reader.name} +Eglė Jankauskienė +${escape(EGLE)} +\\+37060012345 `, 'm'));
      expect(result.stdout).toMatch(/^CONNECTION +OUTCOME +DETAIL +LATENCY$/m);
      expect(result.stdout).toMatch(new RegExp(`^${reader.name} +ok +1 found +\\d+ ms$`, 'm'));
    });

    it('when a person is looked up with --json, then the fan-out comes back as the gateway sent it', async () => {
      const result = await users(['find', '--email', EGLE, '--json']);
      const fanOut = JSON.parse(result.stdout) as { data: Array<{ id: string }>; connections: Record<string, unknown> };
      expect(fanOut.data.map((user) => user.id)).toContain(PERSON);
      expect(Object.keys(fanOut.connections).sort()).toEqual(
        harness.gateway.connections
          .list()
          .map((connection) => connection.name)
          .sort(),
      );
    });

    it('when a person is looked up by phone, then she is found', async () => {
      const result = await users(['find', '--phone', '+37060012345', '--json']);
      expect(JSON.parse(result.stdout).data.map((user: { id: string }) => user.id)).toContain(personId(adapterWith({ lookup: 'phone' })));
    });

    it('when a person is looked up by national id and nationality, then she is found', async () => {
      const finder = adapterWith({ lookup: 'nationalId' });
      const result = await users(['find', '--national-id', '48804120123', '--nationality', 'LT', '--connections', finder.name, '--json']);
      expect(JSON.parse(result.stdout).data.map((user: { id: string }) => user.id)).toEqual([personId(finder)]);
    });

    it('when nobody matches, then it says so and exits 0', async () => {
      const result = await users(['find', '--email', 'nobody@example.com']);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^No users found\.$/m);
    });

    it('when a connection fails, then its row shows the error code and the search still succeeds', async () => {
      harness.simulators[reader.name]!.faults.set({ errorRate: 1, errorStatus: 500 });
      try {
        const result = await users(['find', '--email', EGLE]);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(new RegExp(`^${reader.name} +error +provider_error \\(502\\) +\\d+ ms$`, 'm'));
        expect(result.stdout).toContain(`${reader.name} failed, so results may be incomplete.`);
      } finally {
        harness.simulators[reader.name]!.faults.clear();
      }
    });

    it('when no search key is given, then it exits 2', async () => {
      const result = await users(['find']);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('exactly one of --email, --phone or --national-id');
    });

    it('when a national id comes without its nationality, then it exits 2', async () => {
      const result = await users(['find', '--national-id', '48804120123']);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('--nationality');
    });
  });

  describe('create', () => {
    it('when a user file is given, then the user is created and printed', async () => {
      const email = uniqueEmail();
      const result = await users(['create', '--connection', creator.name, '--file', userFile(newUser(email))]);
      expect(result.status).toBe(0);
      const id = new RegExp(`^Created (${creator.name}:\\S+)\\.$`, 'm').exec(result.stdout)?.[1];
      expect(result.stdout).toContain(`  ${id}\n`);
      const stored = await harness.http.get(`/v1/users/${id}`).set('Authorization', harness.bearer());
      expect(stored.body.email).toBe(email);
    });

    it('when the user comes on stdin with --json, then the created canonical user is printed', async () => {
      const email = uniqueEmail();
      const result = await users(['create', '--connection', creator.name, '--file', '-', '--json'], harness.token(), JSON.stringify(newUser(email)));
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ connection: creator.name, email });
    });

    it('when the same idempotency key is sent twice, then one user is created', async () => {
      const args = ['create', '--connection', creator.name, '--file', userFile(newUser(uniqueEmail())), '--idempotency-key', `cli-${Date.now()}`, '--json'];
      const first = await users(args);
      const second = await users(args);
      expect(JSON.parse(second.stdout).id).toBe(JSON.parse(first.stdout).id);
    });

    it('when the gateway refuses a field, then it exits 1 with invalid_request', async () => {
      const result = await users(['create', '--connection', creator.name, '--file', userFile({ email: 'not-an-email' })]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^invalid_request \(400\): /);
    });

    it('when the file is not JSON, then it exits 2 without calling the gateway', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'usergate-cli-')), 'user.json');
      writeFileSync(file, '{ email: ');
      const result = await users(['create', '--connection', creator.name, '--file', file]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('is not JSON');
    });

    it('when --connection is missing, then it exits 2', async () => {
      const result = await users(['create', '--file', userFile({ email: uniqueEmail() })]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("required option '--connection <name>' not specified");
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const port = (server: Server) => (server.address() as AddressInfo).port;

/** A port nothing listens on: one the OS just handed out and took back. */
async function unusedPort(): Promise<number> {
  const server = await listen(createServer());
  const free = port(server);
  await new Promise((resolve) => server.close(resolve));
  return free;
}
