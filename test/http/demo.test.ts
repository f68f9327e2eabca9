import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Writable } from 'node:stream';
import supertest from 'supertest';
import { adapters } from '../../adapters';
import { canonicalUserSchema } from '../../src/canonical/user';
import { demoBanner, startDemo, type Demo } from '../../src/demo';
import { createLogger } from '../../src/logging/logger';
import type { Environment } from '../../src/config/load';

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const startQuietDemo = (env: Environment) => startDemo(adapters, { PORT: '0', ...env }, createLogger({ destination: quiet }));

/**
 * An address of this machine that is not 127.0.0.1: one that other machines would connect to or,
 * on a machine without a network, 127.0.0.2 (Linux routes all of 127.0.0.0/8 to loopback, but a
 * socket bound to 127.0.0.1 accepts nothing there).
 */
const OTHER_ADDRESS =
  Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address ?? '127.0.0.2';

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** The embedded default: `npm start` with no config. */
describe('embedded demo', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startQuietDemo({});
  });
  afterAll(() => demo.close());

  it('when started, then the banner prints the admin token and curl commands for the real port', () => {
    const banner = demoBanner(demo);
    expect(banner).toContain(`export USERGATE_TOKEN=${demo.adminToken}`);
    const [first] = adapters;
    expect(banner).toContain(`http://localhost:${demo.port}/v1/users/${first!.name}:${first!.demo.personId}`);
  });

  it.each(adapters.map((adapter) => [adapter.name, `${adapter.name}:${adapter.demo.personId}`]))(
    'when the printed token is used, then the demo person at %s comes back as a canonical user',
    async (_name, id) => {
      const response = await supertest(`http://127.0.0.1:${demo.port}`)
        .get(`/v1/users/${encodeURIComponent(id)}`)
        .set('Authorization', `Bearer ${demo.adminToken}`);
      expect(response.status).toBe(200);
      expect(canonicalUserSchema.validate(response.body).error).toBeUndefined();
    },
  );

  it('when started, then the banner shows every hint an adapter declares', () => {
    const hints = adapters.flatMap((adapter) => (adapter.demo.hints ?? []).map((hint) => `/v1/users/${adapter.name}:${hint.userId}`));
    for (const hint of hints) expect(demoBanner(demo)).toContain(hint);
  });

  it('when started, then the banner says where the metrics are, and they are served there on loopback only', async () => {
    expect(demoBanner(demo)).toContain(`Prometheus metrics (this machine only): http://127.0.0.1:${demo.metricsPort}/metrics`);
    expect((await fetch(`http://127.0.0.1:${demo.metricsPort}/metrics`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${demo.port}/metrics`)).status).toBe(404);
  });

  it(`when started without HOST, then it listens on 127.0.0.1 only: this machine's other address (${OTHER_ADDRESS}) is refused`, async () => {
    expect(demo.host).toBe('127.0.0.1');
    expect(await canConnect('127.0.0.1', demo.port)).toBe(true);
    expect(await canConnect(OTHER_ADDRESS, demo.port)).toBe(false);
  });

  it('when started without HOST, then the banner says that only this machine can connect', () => {
    expect(demoBanner(demo)).toContain('It listens on 127.0.0.1 only: other machines cannot connect (HOST=0.0.0.0 would let them).');
  });
});

describe('embedded demo with HOST=0.0.0.0', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startQuietDemo({ HOST: '0.0.0.0' });
  });
  afterAll(() => demo.close());

  it(`when started, then this machine's other address (${OTHER_ADDRESS}) reaches it`, async () => {
    expect(demo.host).toBe('0.0.0.0');
    expect(await canConnect(OTHER_ADDRESS, demo.port)).toBe(true);
  });

  it('when started, then the banner warns that other machines can use the admin token, and its links still say localhost', () => {
    const banner = demoBanner(demo);
    expect(banner).toContain('It listens on 0.0.0.0 (HOST): other machines that reach this address can use the admin token below.');
    expect(banner).toContain(`http://localhost:${demo.port}/console#token=`);
  });
});

describe('demo banner', () => {
  const bannerFor = (host: string) =>
    demoBanner({
      host,
      port: 8080,
      adminToken: 'header.payload.signature',
      adapters,
      simulators: adapters.map((adapter) => ({ provider: adapter.name })),
      store: { path: './data/usergate.db', keyFile: 'data/secrets.key' },
    } as unknown as Demo);

  it.each([
    ['192.0.2.10', 'http://192.0.2.10:8080'],
    ['fd00::1', 'http://[fd00::1]:8080'],
    ['::', 'http://localhost:8080'],
  ])('when HOST is %s, then its links start with %s', (host, base) => {
    expect(bannerFor(host)).toContain(`${base}/console#token=header.payload.signature`);
  });
});
