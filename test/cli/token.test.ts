import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';

const CLI = join(__dirname, '../../dist/src/cli/main.js');
const SECRET = 'cli-test-secret-cli-test-secret-0123456789';
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, USERGATE_JWT_SECRET: SECRET }, encoding: 'utf8' });

describe('usergate token', () => {
  it('when asked for scopes, connections and a ttl, then it prints a token that carries them', () => {
    const result = run('token', '--scope', 'users:read users:pii', '--connections', 'northpay,westpay', '--ttl', '15m', '--sub', 'ops-alice');
    expect(result.status).toBe(0);
    const claims = jwt.verify(result.stdout.trim(), SECRET, { audience: 'usergate', issuer: 'usergate' }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ scope: 'users:read users:pii', connections: ['northpay', 'westpay'], sub: 'ops-alice' });
    expect(claims.exp! - claims.iat!).toBe(900);
  });

  it('when a scope is unknown, then it exits 2 (usage) and says which', () => {
    const result = run('token', '--scope', 'users:everything');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('users:everything');
  });

  it('when the ttl is not a duration, then it exits 2 (usage) and says so', () => {
    const result = run('token', '--ttl', 'forever');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--ttl');
  });

  it('when the ttl is longer than the gateway accepts (24 h by default), then it exits 2 (usage) and says so', () => {
    const result = run('token', '--ttl', '2d');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('auth.jwt.maxLifetimeSeconds');
  });

  it('when no secret or config is set, then it exits 2 and says what to set', () => {
    const result = spawnSync(process.execPath, [CLI, 'token'], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('USERGATE_JWT_SECRET');
  });
});
