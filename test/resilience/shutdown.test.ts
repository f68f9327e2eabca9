import { mintToken } from '../../src/auth/jwt';
import { startGatewayProcess } from '../support/gateway-process';
import { adapterWith } from '../support/registry';

/** An adapter that finds users by email: each lookup reaches its simulator. */
const adapter = adapterWith({ lookup: 'email' });

const jwt = { secret: 'shutdown-test-secret-shutdown-test-secret', audience: 'usergate', issuer: 'usergate' };

describe('graceful shutdown', () => {
  it('when SIGTERM arrives under load, then every in-flight request completes and the process exits 0', async () => {
    // Twenty lookups of twenty emails, so that none joins another and all twenty visibly reach the provider.
    const simulator = await adapter.startSimulator();
    simulator.faults.set({ latencyMs: 1_000 });
    const gateway = startGatewayProcess(
      {
        auth: { jwt: { secret: '${JWT_SECRET}', audience: jwt.audience, issuer: jwt.issuer } },
        rateLimit: false,
        cache: { enabled: false },
        connections: { [adapter.name]: { adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options } },
      },
      { JWT_SECRET: jwt.secret },
    );
    try {
      const base = await gateway.url;
      const token = mintToken({ ...jwt, algorithms: ['HS256'] }, { subject: 'load', scopes: ['users:read'], ttlSeconds: 60 });
      const inFlight = Array.from({ length: 20 }, (_, index) =>
        fetch(`${base}/v1/users?email=load.${index}@example.com`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status),
      );
      // SIGTERM once every request is in flight: received by the gateway and waiting on the slow provider.
      for (let waited = 0; simulator.requests.length < 20 && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(simulator.requests.length).toBeGreaterThanOrEqual(20);
      gateway.child.kill('SIGTERM');
      expect(await Promise.all(inFlight)).toEqual(Array(20).fill(200));
      expect(await gateway.exited).toBe(0);
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    } finally {
      gateway.child.kill('SIGKILL');
      await simulator.close();
    }
  });
});
