import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { RunningSimulator } from '../../src/connections/adapter';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { adapterWith } from '../support/registry';

const adapter = adapterWith();

interface Answer {
  at: number;
  status: number;
  connection: string | undefined;
}

/** One GET on the shared keep-alive agent: its answer, or the error's code (`ECONNRESET` for a reset). */
function get(url: string, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ at: Date.now(), status: response.statusCode ?? 0, connection: response.headers.connection }));
      })
      .on('error', reject);
  });
}

describe('SIGTERM with keep-alive clients', () => {
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;
  beforeAll(async () => {
    simulator = await adapter.startSimulator();
    gateway = startGatewayProcess({
      // The default shutdownDelayMs (3 s): the harness would otherwise set 0.
      server: { shutdownDelayMs: undefined },
      auth: { jwt: { secret: 'keep-alive-test-secret-keep-alive-test', audience: 'usergate', issuer: 'usergate' } },
      rateLimit: false,
      connections: { [adapter.name]: { adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options } },
    });
  });
  afterAll(async () => {
    gateway.child.kill('SIGKILL');
    await simulator.close();
  });

  it('when SIGTERM arrives while keep-alive clients keep sending, then no request is reset: answers say Connection: close until the load balancer stops sending', async () => {
    const base = await gateway.url;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const probes = new http.Agent({ keepAlive: false });
    const answers: Answer[] = [];
    const errors: string[] = [];
    // What a load balancer does: probe /readyz every second, stop sending once it fails.
    let routed = true;
    let stoppedRoutingAt = Infinity;
    const balancer = (async () => {
      while (routed) {
        await delay(1_000);
        if ((await get(`${base}/readyz`, probes)).status !== 200) {
          routed = false;
          stoppedRoutingAt = Date.now();
        }
      }
    })();
    // Four clients sending back to back on kept-alive connections while the balancer routes to the gateway.
    const client = async () => {
      while (routed) {
        try {
          answers.push(await get(`${base}/healthz`, agent));
        } catch (error) {
          errors.push((error as NodeJS.ErrnoException).code ?? String(error));
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await delay(300);
    const sigterm = Date.now();
    gateway.child.kill('SIGTERM');
    await Promise.all([balancer, ...clients]);
    expect(await gateway.exited).toBe(0);
    const exitedAfterMs = Date.now() - sigterm;
    agent.destroy();

    expect(errors).toEqual([]);
    expect(answers.filter((answer) => answer.at < sigterm).length).toBeGreaterThan(10);
    // Every answer given once draining had begun (a little after the signal) told its client to reconnect.
    const draining = answers.filter((answer) => answer.at > sigterm + 200);
    expect(draining.length).toBeGreaterThan(10);
    expect(draining.every((answer) => answer.connection === 'close')).toBe(true);
    // The balancer heard /readyz fail within its probe period, and the listener stayed shutdownDelayMs (3 s) after the signal.
    expect(stoppedRoutingAt - sigterm).toBeLessThan(2_500);
    expect(exitedAfterMs).toBeGreaterThanOrEqual(3_000);
    expect(exitedAfterMs).toBeLessThan(3_000 + 5_000);
  });
});
