import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adapters } from '../../adapters';
import { parseConfig } from '../../src/config/load';
import type { AdapterDefinition, RunningSimulator } from '../../src/connections/adapter';
import { BaseUrlPolicy } from '../../src/connections/base-url-policy';
import { createGateway } from '../../src/gateway';
import { createLogger } from '../../src/logging/logger';
import { startHarness, TEST_JWT, type Harness } from '../support/harness';
import { adapterWith, configuredConnection } from '../support/registry';

const documented = adapters.flatMap((adapter) => (adapter.documentedBaseUrls ?? []).map((url) => [adapter.name, url, adapter] as const));

/** A documented host with another domain appended: the same string prefix, another host. */
const lookalike = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}.evil.example${parsed.pathname}`;
};

describe("a stored connection's baseUrl and the allow-list", () => {
  it.each(adapters.map((adapter) => [adapter.name, adapter] as const))('%s documents its production and sandbox hosts, over https', (_name, adapter) => {
    expect(adapter.documentedBaseUrls?.length).toBeGreaterThan(0);
    for (const url of adapter.documentedBaseUrls ?? []) expect(new URL(url).protocol).toBe('https:');
  });

  describe.each(documented)('by default, for %s at %s', (name, url) => {
    const policy = new BaseUrlPolicy(adapters);
    const { hostname, pathname } = new URL(url);
    const base = pathname.replace(/\/$/, '');

    it('when it is the documented URL or under it, then it is allowed', () => {
      expect(policy.isAllowed(name, url)).toBe(true);
      expect(policy.isAllowed(name, `${url.replace(/\/$/, '')}/organizations/org-1`)).toBe(true);
    });

    it.each([
      ['plain http', `http://${hostname}${base}`],
      ['a lookalike host', lookalike(url)],
      ['another port', `https://${hostname}:8443${base}`],
      ['user information', `https://user:secret@${hostname}${base}`],
      ['a sibling path', `https://${hostname}${base}x`],
      ['the metadata service', 'http://169.254.169.254/latest/meta-data'],
      ['a loopback Redis', 'http://127.0.0.1:6379'],
    ])('when it is %s, then it is refused', (_what, candidate) => {
      expect(policy.isAllowed(name, candidate)).toBe(false);
    });
  });

  it('when another adapter documents the host, then it is still refused: hosts are allowed per adapter', () => {
    const [first, second] = adapters as [AdapterDefinition, AdapterDefinition];
    const policy = new BaseUrlPolicy(adapters);
    expect(policy.isAllowed(first.name, second.documentedBaseUrls![0]!)).toBe(false);
  });

  it('when the config names an adapter that does not exist, then the gateway does not start', async () => {
    const adapter = adapterWith();
    const config = parseConfig(
      {
        auth: { jwt: TEST_JWT },
        metrics: false,
        allowedBaseUrls: { 'no-such-adapter': ['https://example.com'] },
        connections: { [adapter.name]: await configuredConnection(adapter) },
      },
      adapters,
      {},
    );
    expect(() => createGateway(config, { adapters, logger: createLogger({ level: 'error' }), auditLogger: createLogger({ level: 'error' }) })).toThrow(
      /allowedBaseUrls: unknown adapter no-such-adapter/,
    );
  });
});

describe('creating a stored connection at an address outside the allow-list', () => {
  const adapter = adapterWith();
  let harness: Harness;
  let redirector: Server;
  let redirectorUrl: string;
  let simulator: RunningSimulator;
  let nobodyUrl: string;
  const admin = () => harness.bearer(['connections:admin']);
  const create = (name: string, baseUrl: string) => {
    const simulator = harness.simulators[adapter.name]!;
    return harness.http
      .post('/v1/connections')
      .set('Authorization', admin())
      .send({ name, adapter: adapter.name, baseUrl, credentials: simulator.credentials, options: simulator.options });
  };

  beforeAll(async () => {
    // Sends every request on to the simulator with a redirect, as a compromised or misconfigured host would.
    redirector = createServer((req, res) => {
      res.writeHead(307, { location: `${harness.simulators[adapter.name]!.baseUrl}${req.url ?? '/'}` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    simulator = await adapter.startSimulator();
    // An allowed address where nothing listens (any more).
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    nobodyUrl = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
    await new Promise((resolve) => gone.close(resolve));
    harness = await startHarness({
      store: true,
      connections: [{ adapter, simulator }],
      allowedBaseUrls: { [adapter.name]: [...(adapter.documentedBaseUrls ?? []), simulator.baseUrl, redirectorUrl, nobodyUrl] },
    });
  });
  afterAll(async () => {
    await harness.close();
    await simulator.close();
    await new Promise((resolve) => redirector.close(resolve));
  });

  it.each([
    ['the metadata service', 'http://169.254.169.254'],
    ['a loopback Redis', 'http://127.0.0.1:6379'],
    ['a lookalike of a documented host', lookalike(adapter.documentedBaseUrls![0]!)],
  ])('when it is %s, then 400 names baseUrl, nothing is called and nothing is stored', async (_what, baseUrl) => {
    const calls = harness.simulators[adapter.name]!.requests.length;
    const response = await create('elsewhere', baseUrl);
    expect(response.status).toBe(400);
    expect(response.body.invalidFields).toEqual([expect.objectContaining({ field: 'baseUrl' })]);
    expect(harness.simulators[adapter.name]!.requests.length).toBe(calls);
    expect(harness.stored!.catalog.get('default', 'elsewhere')).toBeUndefined();
  });

  it('when the address carries user information, then 400, and the answer does not repeat it', async () => {
    const simulator = new URL(harness.simulators[adapter.name]!.baseUrl);
    const response = await create('with-userinfo', `http://operator:pa55word-in-url@${simulator.host}${simulator.pathname}`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toContain('pa55word-in-url');
  });

  it('when an allowed address redirects elsewhere, then the redirect is not followed: the credentials are refused as unchecked and never reach the other address', async () => {
    const calls = harness.simulators[adapter.name]!.requests.length;
    const response = await create('redirected', redirectorUrl);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'credentials_refused', providerError: { status: 307 } });
    expect(harness.simulators[adapter.name]!.requests.length).toBe(calls);
  });

  it('when the provider cannot be reached, then the credentials are unchecked: 503, and nothing is stored', async () => {
    const response = await create('unreachable', nobodyUrl);
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('provider_unavailable');
    expect(harness.stored!.catalog.get('default', 'unreachable')).toBeUndefined();
  });

  it('when the operator lists the allowed addresses, then the list replaces the documented hosts', async () => {
    const documentedUrl = adapter.documentedBaseUrls![0]!;
    const other = await startHarness({ store: true, connections: [{ adapter }], allowedBaseUrls: { [adapter.name]: [redirectorUrl] } });
    try {
      const simulator = other.simulators[adapter.name]!;
      const response = await other.http
        .post('/v1/connections?verify=false')
        .set('Authorization', other.bearer(['connections:admin']))
        .send({ name: 'documented', adapter: adapter.name, baseUrl: documentedUrl, credentials: simulator.credentials, options: simulator.options });
      expect(response.status).toBe(400);
    } finally {
      await other.close();
    }
  });
});
