import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import Joi from 'joi';
import { adapters } from '../../adapters';
import { ConfigError, loadConfigFile, parseConfig } from '../../src/config/load';
import { acmeAdapter } from '../support/acme-adapter';

/** An adapter with two required credentials: what the gateway's config does with any adapter's schemas. */
const acme = acmeAdapter(
  { get: true, lookup: [], lookupMode: 'users', create: false, update: false, delete: false },
  { getUser: () => Promise.reject(new Error('not called')) },
  { credentialsSchema: Joi.object({ clientId: Joi.string().required(), secret: Joi.string().required() }) },
);
const known = [acme];

const SECRET = 'a-very-secret-value-that-must-never-be-printed-0123456789';

const valid = () => ({
  server: { port: 8080 },
  auth: { jwt: { secret: '${USERGATE_JWT_SECRET}', audience: 'usergate', issuer: 'usergate' } },
  connections: {
    payments: {
      adapter: 'acme',
      baseUrl: 'https://api.acme.example/v1',
      credentials: { clientId: '${ACME_CLIENT_ID}', secret: '${ACME_SECRET}' },
    },
  },
});
const env = { USERGATE_JWT_SECRET: SECRET, ACME_CLIENT_ID: 'client-1', ACME_SECRET: SECRET };

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain(SECRET);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

interface ConfigText {
  connections?: Record<string, { adapter?: string; credentials?: Record<string, unknown>; options?: Record<string, unknown> }>;
}

/**
 * A value for every `${VAR}` (without a default) of these config files, each one its connection
 * accepts: a credential or option that is a variable alone gets what the adapter's own simulator
 * hands out under that key (so that this test names no provider, and a new one's example lines are
 * checked with no change here); any other variable (part of a base URL, say) a placeholder.
 */
async function variablesOf(texts: readonly string[]): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const text of texts) {
    for (const connection of Object.values((YAML.parse(text) as ConfigText).connections ?? {})) {
      const adapter = adapters.find((candidate) => candidate.name === connection.adapter);
      if (!adapter) continue;
      const simulator = await adapter.startSimulator();
      await simulator.close();
      const pairs = [
        [connection.credentials, simulator.credentials],
        [connection.options, simulator.options],
      ] as const;
      for (const [written, accepted] of pairs) {
        for (const [key, value] of Object.entries(written ?? {})) {
          const variable = typeof value === 'string' ? /^\$\{(\w+)\}$/.exec(value)?.[1] : undefined;
          if (variable !== undefined && accepted[key] !== undefined) values[variable] = String(accepted[key]);
        }
      }
    }
    for (const [, variable] of text.matchAll(/\$\{(\w+)\}/g)) values[variable!] ??= 'example-1';
  }
  return values;
}

describe('configuration', () => {
  it('when valid, then ${ENV} placeholders are filled in and defaults applied', () => {
    const config = parseConfig(valid(), known, env);
    expect(config.connections.payments!.credentials).toEqual({ clientId: 'client-1', secret: SECRET });
    expect(config.connections.payments!.timeouts).toEqual({ attemptMs: 5000, totalMs: 10000 });
    expect(config.auth.jwt.algorithms).toEqual(['HS256']);
  });

  it('when nothing says otherwise, then Cache-Status is for operators who turn it on, not sent to clients', () => {
    expect(parseConfig(valid(), known, env).cache.statusHeader).toBe(false);
  });

  describe('server.trustProxy', () => {
    const withTrust = (trustProxy: unknown) => ({ ...valid(), server: { port: 8080, trustProxy } });

    it('when nothing says otherwise, then no proxy is trusted', () => {
      expect(parseConfig(valid(), known, env).server.trustProxy).toBe(false);
    });

    it('when it names hops or proxy addresses, then they are taken', () => {
      expect(parseConfig(withTrust(1), known, env).server.trustProxy).toBe(1);
      expect(parseConfig(withTrust(['loopback', '10.0.0.0/8', '2001:db8::1']), known, env).server.trustProxy).toEqual([
        'loopback',
        '10.0.0.0/8',
        '2001:db8::1',
      ]);
    });

    it.each([
      ['true, which would believe the address a client writes itself', true],
      ['something that is not an address', ['proxy.internal']],
    ])('when it is %s, then it is refused', (_what, trustProxy) => {
      expect(problemsOf(() => parseConfig(withTrust(trustProxy), known, env)).join()).toContain('server.trustProxy');
    });
  });

  it('when an environment variable is missing, then the error names the key and the variable', () => {
    const { ACME_SECRET: _omitted, ...rest } = env;
    expect(problemsOf(() => parseConfig(valid(), known, rest))).toEqual([
      'connections.payments.credentials.secret: environment variable ACME_SECRET is not set',
    ]);
  });

  it('when a placeholder has a default, then the default is used', () => {
    const raw = valid();
    raw.connections.payments.baseUrl = '${ACME_URL:-https://sandbox.acme.example/v1}';
    expect(parseConfig(raw, known, env).connections.payments!.baseUrl).toBe('https://sandbox.acme.example/v1');
  });

  it("when an adapter's credential is missing, then the error names that key", () => {
    const raw = valid();
    raw.connections.payments.credentials = { clientId: 'x' } as never;
    expect(problemsOf(() => parseConfig(raw, known, env))).toEqual(['connections.payments.credentials.secret: is required']);
  });

  it('when the adapter is unknown, then the error lists the known ones', () => {
    const raw = valid();
    raw.connections.payments.adapter = 'paypal';
    expect(problemsOf(() => parseConfig(raw, known, env))[0]).toMatch(/^connections\.payments\.adapter: unknown adapter "paypal" \(known: acme/);
  });

  it('when a secret fails a format check, then its value is not printed', () => {
    const raw = valid();
    raw.auth.jwt = { publicKey: SECRET, audience: 'usergate', issuer: 'usergate' } as never;
    const problems = problemsOf(() => parseConfig(raw, known, env));
    expect(problems).toEqual(['auth.jwt.publicKey: is not a valid PEM public key']);
  });

  it('when both secret and publicKey are given, then that is an error', () => {
    const raw = valid();
    raw.auth.jwt = { ...raw.auth.jwt, publicKey: '-----BEGIN PUBLIC KEY-----' } as never;
    expect(problemsOf(() => parseConfig(raw, known, env))[0]).toMatch(/^auth\.jwt: must have either secret or publicKey/);
  });

  it('when several things are wrong, then every problem is listed', () => {
    const raw = valid() as Record<string, unknown>;
    raw.server = { port: 'eighty' };
    (raw.connections as Record<string, unknown>)['Bad Name'] = { adapter: 'acme', baseUrl: 'ftp://x' };
    const problems = problemsOf(() => parseConfig(raw, known, env));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^server\.port: /), expect.stringMatching(/^connections\.Bad Name/)]));
  });

  it('when PORT is set, then it overrides server.port', () => {
    expect(parseConfig(valid(), known, { ...env, PORT: '9999' }).server.port).toBe(9999);
  });

  it('when the file is YAML, then it loads like JSON would', () => {
    const dir = mkdtempSync(join(tmpdir(), 'usergate-config-'));
    const file = join(dir, 'usergate.yaml');
    writeFileSync(
      file,
      [
        'auth: { jwt: { secret: ${USERGATE_JWT_SECRET}, audience: usergate, issuer: usergate } }',
        'connections:',
        '  payments: { adapter: acme, baseUrl: https://api.acme.example/v1, credentials: { clientId: ${ACME_CLIENT_ID}, secret: ${ACME_SECRET} } }',
      ].join('\n'),
    );
    expect(loadConfigFile(file, known, env).connections.payments!.credentials.clientId).toBe('client-1');
  });

  it('when the file is not valid YAML, then the error says where', () => {
    const dir = mkdtempSync(join(tmpdir(), 'usergate-config-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'auth: { jwt: [\n');
    expect(problemsOf(() => loadConfigFile(file, known, env))[0]).toMatch(/is not valid YAML/);
  });

  it('when the example config and the Kubernetes ConfigMap are loaded with their variables set, then they are valid', async () => {
    const root = join(__dirname, '../..');
    const example = readFileSync(join(root, 'config/example.yaml'), 'utf8');
    const configMap = (YAML.parse(readFileSync(join(root, 'deploy/configmap.yaml'), 'utf8')) as { data: Record<string, string> }).data['usergate.yaml']!;
    const values = {
      ...(await variablesOf([example, configMap])),
      ...env,
      REDIS_URL: 'redis://127.0.0.1:6379',
      POSTGRES_URL: 'postgres://usergate:secret@127.0.0.1:5432/usergate',
    };
    expect(() => loadConfigFile(join(root, 'config/example.yaml'), adapters, values)).not.toThrow();
    const dir = mkdtempSync(join(tmpdir(), 'usergate-config-'));
    writeFileSync(join(dir, 'usergate.yaml'), configMap);
    expect(() => loadConfigFile(join(dir, 'usergate.yaml'), adapters, values)).not.toThrow();
  });

  it.each([
    ['a Redis Cluster', { cluster: { nodes: ['redis://10.0.0.1:7000', '10.0.0.2:7000'] } }],
    ['a Sentinel-managed primary', { sentinel: { sentinels: ['10.0.0.1:26379'], name: 'mymaster' } }],
  ])('when Redis is %s, then the config accepts it', (_what, redis) => {
    expect(parseConfig({ ...valid(), redis }, known, env).redis).toMatchObject(redis);
  });

  it('when Redis names both a url and a cluster, then that is an error', () => {
    const redis = { url: 'redis://127.0.0.1:6379', cluster: { nodes: ['10.0.0.1:7000'] } };
    expect(problemsOf(() => parseConfig({ ...valid(), redis }, known, env))[0]).toMatch(/^redis: /);
  });
});
