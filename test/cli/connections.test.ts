import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSimulator } from '../../src/connections/adapter';
import { runCli, type CliResult } from '../support/cli-process';
import { startHarness, type Harness } from '../support/harness';
import { adapterWith } from '../support/registry';

/** The adapter of the declared connection and of the stored ones the tests add (at its simulator, which the harness allows). */
const adapter = adapterWith({ lookup: 'email' });

/** `usergate connections ...` against a gateway listening on a real port, with a store and one declared connection. */
describe('usergate connections', () => {
  let harness: Harness;
  let url: string;
  let simulator: RunningSimulator;
  beforeAll(async () => {
    harness = await startHarness({ connections: [{ adapter }], store: true });
    url = `http://127.0.0.1:${await harness.gateway.listen(0)}`;
    simulator = harness.simulators[adapter.name]!;
  });
  afterAll(() => harness.close());

  const admin = (extra?: Parameters<Harness['token']>[1]) => harness.token(['connections:admin', 'users:read'], extra);
  const connections = (args: string[], token = admin(), stdin?: string) =>
    runCli(['connections', ...args], { USERGATE_URL: url, USERGATE_TOKEN: token }, stdin);
  let count = 0;
  const uniqueName = () => `cli-${++count}-${Date.now().toString(36)}`;
  const jsonFile = (value: unknown, raw = JSON.stringify(value)) => {
    const file = join(mkdtempSync(join(tmpdir(), 'usergate-cli-')), 'file.json');
    writeFileSync(file, raw);
    return file;
  };
  const goodCredentials = () => simulator.credentials;
  /** The simulator's credentials with every secret changed: the provider refuses them. */
  const wrongCredentials = () =>
    Object.fromEntries(Object.entries(simulator.credentials).map(([key, value]) => [key, typeof value === 'string' ? `${value}-wrong` : value]));
  const secretsOf = (credentials: Record<string, unknown>) => Object.values(credentials).filter((value): value is string => typeof value === 'string');
  const expectNoSecret = (result: CliResult, credentials: Record<string, unknown>) => {
    for (const secret of secretsOf(credentials)) expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
  };
  const add = (name: string, credentials: Record<string, unknown> = goodCredentials(), extra: string[] = [], token = admin()) =>
    connections(
      ['add', '--name', name, '--adapter', adapter.name, '--base-url', simulator.baseUrl, '--credentials-file', jsonFile(credentials), ...extra],
      token,
    );
  const show = async (name: string, token = admin()) => {
    const result = await connections(['show', name, '--json'], token);
    return { status: result.status, body: result.status === 0 ? (JSON.parse(result.stdout) as Record<string, any>) : undefined };
  };

  describe('list', () => {
    it('when listed, then each connection shows its adapter, source, state, breaker, last verification and last error', async () => {
      const result = await connections([]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^NAME +ADAPTER +SOURCE +STATE +BREAKER +LAST VERIFIED +LAST ERROR$/m);
      expect(result.stdout).toMatch(new RegExp(`^${adapter.name} +${adapter.name} +declared +active +closed +— +—$`, 'm'));
    });

    it("when listed with --json, then the gateway's list is printed unchanged", async () => {
      const direct = await harness.http.get('/v1/connections').set('Authorization', `Bearer ${admin()}`);
      const result = await connections(['list', '--json']);
      expect(result.stdout).toBe(`${direct.text}\n`);
    });

    it('when the token may not list connections, then it exits 1 with forbidden', async () => {
      const result = await connections([], harness.token(['users:write']));
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^forbidden \(403\): /);
    });
  });

  describe('add', () => {
    it('when added with a credentials file, then it is stored, verified and listed, and the credentials are never printed', async () => {
      const name = uniqueName();
      const result = await add(name);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Added ${name}: the provider accepted its credentials.`);
      expect(result.stdout).toMatch(/^ {2}Credentials +fingerprint \S+, set \S+$/m);
      expectNoSecret(result, goodCredentials());
      const listed = await connections([]);
      expect(listed.stdout).toMatch(new RegExp(`^${name} +${adapter.name} +stored +active +\\S+ +\\d{4}-\\d\\d-\\d\\dT\\S+ +—$`, 'm'));
    });

    it('when the credentials come on stdin, then the connection is added', async () => {
      const name = uniqueName();
      const args = ['add', '--name', name, '--adapter', adapter.name, '--base-url', simulator.baseUrl, '--credentials-file', '-', '--json'];
      const result = await connections(args, admin(), JSON.stringify(goodCredentials()));
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ name, adapter: adapter.name, source: 'stored', state: 'active' });
      expectNoSecret(result, goodCredentials());
    });

    it('when the provider refuses the credentials, then it exits 1 with what the provider said, and nothing is stored', async () => {
      const name = uniqueName();
      const result = await add(name, wrongCredentials());
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/\(422\): /);
      expectNoSecret(result, wrongCredentials());
      expect((await show(name)).status).toBe(1);
    });

    it('when added with --no-verify, then refused credentials are stored unchecked', async () => {
      const name = uniqueName();
      const result = await add(name, wrongCredentials(), ['--no-verify']);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Added ${name} without checking its credentials.`);
    });

    it('when an options file is given, then the options are stored with the connection', async () => {
      const name = uniqueName();
      const result = await add(name, goodCredentials(), ['--options-file', jsonFile(simulator.options), '--json']);
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout).options).toEqual(simulator.options);
    });

    it('when the credentials file is not JSON, then it exits 2 without quoting the file or calling the gateway', async () => {
      const secret = 'sk_live_not-to-be-printed';
      const result = await connections([
        'add',
        '--name',
        uniqueName(),
        '--adapter',
        adapter.name,
        '--base-url',
        simulator.baseUrl,
        '--credentials-file',
        jsonFile(undefined, `{ apiKey: ${secret} }`),
      ]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('are not JSON.');
      expect(result.stderr).not.toContain(secret);
    });

    it('when no credentials file is given, then it exits 2: credentials are never a flag', async () => {
      const result = await connections(['add', '--name', uniqueName(), '--adapter', adapter.name, '--base-url', simulator.baseUrl]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("required option '--credentials-file <path>' not specified");
    });

    it('when the name is taken, then it exits 1 with conflict (409)', async () => {
      const name = uniqueName();
      await add(name);
      const result = await add(name);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/\(409\): /);
    });

    it('when the base URL is outside the allow-list, then it exits 1 with a 400 naming baseUrl', async () => {
      const result = await connections([
        'add',
        '--name',
        uniqueName(),
        '--adapter',
        adapter.name,
        '--base-url',
        'http://169.254.169.254',
        '--credentials-file',
        jsonFile(goodCredentials()),
      ]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^invalid_request \(400\): .*baseUrl/);
    });
  });

  describe('show', () => {
    it('when shown, then its settings, fingerprint and health are printed and its credentials are not', async () => {
      const name = uniqueName();
      await add(name);
      const result = await connections(['show', name]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^${name}\n`));
      expect(result.stdout).toMatch(/^ {2}State +active$/m);
      expect(result.stdout).toContain(`  Base URL       ${simulator.baseUrl}\n`);
      expectNoSecret(result, goodCredentials());
    });

    it('when the connection does not exist, then it exits 1 with 404', async () => {
      const result = await connections(['show', 'no-such-connection']);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/\(404\): /);
    });
  });

  describe('rotate', () => {
    it('when the credentials are rotated, then the fingerprint changes and the new ones are not printed', async () => {
      const name = uniqueName();
      await add(name, wrongCredentials(), ['--no-verify']);
      const before = (await show(name)).body!;
      const result = await connections(['rotate', name, '--credentials-file', jsonFile(goodCredentials())]);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Rotated the credentials of ${name}.`);
      expectNoSecret(result, goodCredentials());
      expect((await show(name)).body!.credentials.fingerprint).not.toBe(before.credentials.fingerprint);
    });

    it('when the new credentials are refused, then it exits 1 and the old ones stay', async () => {
      const name = uniqueName();
      await add(name);
      const before = (await show(name)).body!;
      const result = await connections(['rotate', name, '--credentials-file', jsonFile(wrongCredentials())]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/\(422\): /);
      expect((await show(name)).body!.credentials).toEqual(before.credentials);
    });

    it('when a declared connection is rotated, then it exits 1 with conflict: the config file owns it', async () => {
      const result = await connections(['rotate', adapter.name, '--credentials-file', jsonFile(goodCredentials())]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^conflict \(409\): /);
    });
  });

  describe('disable and enable', () => {
    it('when disabled, then its state is disabled; when enabled again, active', async () => {
      const name = uniqueName();
      await add(name);
      const disabled = await connections(['disable', name]);
      expect(disabled.stdout).toBe(`Disabled ${name}.\n`);
      expect((await show(name)).body!.state).toBe('disabled');
      const enabled = await connections(['enable', name]);
      expect(enabled.stdout).toBe(`Enabled ${name}.\n`);
      expect((await show(name)).body!.state).toBe('active');
    });
  });

  describe('verify', () => {
    it('when the provider accepts the credentials, then it says so and exits 0', async () => {
      const name = uniqueName();
      await add(name);
      const result = await connections(['verify', name]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^${name}: the provider accepted the credentials \\(checked \\S+\\)\\.$`, 'm'));
    });

    it('when the provider refuses them, then it exits 1, says why on stderr, and --json still prints the answer', async () => {
      const name = uniqueName();
      await add(name, wrongCredentials(), ['--no-verify']);
      const result = await connections(['verify', name, '--json']);
      expect(result.status).toBe(1);
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: false });
      expect(result.stderr).toContain(`${name}: the credentials were not confirmed`);
      expectNoSecret(result, wrongCredentials());
    });
  });

  describe('remove', () => {
    it('when removed, then it is gone', async () => {
      const name = uniqueName();
      await add(name);
      const result = await connections(['remove', name]);
      expect(result).toMatchObject({ status: 0, stdout: `Removed ${name}.\n` });
      expect((await show(name)).status).toBe(1);
    });
  });

  describe('tenants', () => {
    it('when --tenant names a tenant the token may pick, then the connection lives there and nowhere else', async () => {
      const name = uniqueName();
      const ops = admin({ tenants: ['acme'] });
      expect((await add(name, goodCredentials(), ['--tenant', 'acme'], ops)).status).toBe(0);
      expect((await connections(['list', '--tenant', 'acme'], ops)).stdout).toMatch(new RegExp(`^${name} `, 'm'));
      expect((await connections(['list'], ops)).stdout).not.toMatch(new RegExp(`^${name} `, 'm'));
    });

    it('when USERGATE_TENANT is set, then it acts as --tenant', async () => {
      const name = uniqueName();
      const ops = admin({ tenants: ['acme'] });
      await add(name, goodCredentials(), ['--tenant', 'acme'], ops);
      const result = await runCli(['connections', 'show', name], { USERGATE_URL: url, USERGATE_TOKEN: ops, USERGATE_TENANT: 'acme' });
      expect(result.status).toBe(0);
    });

    it('when the token may not act in the tenant named, then it exits 1 with forbidden', async () => {
      const result = await connections(['list', '--tenant', 'acme']);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^forbidden \(403\): /);
    });
  });
});
