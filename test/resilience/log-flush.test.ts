import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { adapters } from '../../adapters';
import { mintToken } from '../../src/auth/jwt';
import { parseConfig } from '../../src/config/load';
import type { RunningSimulator } from '../../src/connections/adapter';
import { createGateway } from '../../src/gateway';
import { startGatewayProcess } from '../support/gateway-process';
import { adapterWith, otherUserId, personId } from '../support/registry';

const adapter = adapterWith({ otherUsers: 1 });
const jwt = { secret: 'log-flush-test-secret-log-flush-test-secret', audience: 'usergate', issuer: 'usergate' };
const token = () => mintToken({ ...jwt, algorithms: ['HS256'] }, { subject: 'auditor', scopes: ['users:read'], ttlSeconds: 60 });

/** The audit records in a file the gateway wrote, by request id. */
const auditedRequests = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { action?: string; requestId?: string })
    .filter((record) => record.action === 'user.read')
    .map((record) => record.requestId);

/**
 * Log lines are written in batches (at most 100 ms apart): a gateway that stops must write what it
 * holds first, or the audit trail of its last requests would be lost.
 */
describe('audit lines when the gateway stops', () => {
  let simulator: RunningSimulator;
  const dir = mkdtempSync(join(tmpdir(), 'usergate-log-flush-'));
  const connection = () => ({ adapter: adapter.name, baseUrl: simulator.baseUrl, credentials: simulator.credentials, options: simulator.options });
  beforeAll(async () => {
    simulator = await adapter.startSimulator();
  });
  afterAll(async () => {
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the gateway closes, then the audit line of its last request is already in the file', async () => {
    const audit = join(dir, 'in-process.audit.log');
    const config = parseConfig(
      { auth: { jwt }, rateLimit: false, metrics: false, logging: { level: 'error', audit }, connections: { [adapter.name]: connection() } },
      adapters,
      {},
    );
    const gateway = createGateway(config, { adapters });
    const answer = await supertest(gateway.app)
      .get(`/v1/users/${encodeURIComponent(personId(adapter))}`)
      .set('Authorization', `Bearer ${token()}`);
    expect(answer.status).toBe(200);
    await gateway.close();
    expect(auditedRequests(audit)).toEqual([answer.headers['x-request-id']]);
  });

  it('when SIGTERM arrives right after the answers, then every request has its audit line', async () => {
    const audit = join(dir, 'process.audit.log');
    const gateway = startGatewayProcess(
      { auth: { jwt: { ...jwt, secret: '${JWT_SECRET}' } }, rateLimit: false, logging: { audit }, connections: { [adapter.name]: connection() } },
      { JWT_SECRET: jwt.secret },
    );
    try {
      const base = await gateway.url;
      const ids = [personId(adapter), otherUserId(adapter)];
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          fetch(`${base}/v1/users/${encodeURIComponent(ids[index % 2] ?? '')}`, { headers: { authorization: `Bearer ${token()}` } }),
        ),
      );
      gateway.child.kill('SIGTERM');
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      expect(await gateway.exited).toBe(0);
      expect(auditedRequests(audit).sort()).toEqual(answers.map((answer) => answer.headers.get('x-request-id')).sort());
    } finally {
      gateway.child.kill('SIGKILL');
    }
  });
});
