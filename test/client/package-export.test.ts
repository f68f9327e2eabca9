import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exports as packageExports } from '../../package.json';

const ROOT = join(__dirname, '../..');

/** `usergate/client` as a caller's project resolves it (the package's `exports`), from the build (`npm test` builds first). */
describe('the usergate/client subpath export', () => {
  it('when it is required by name, then the built client comes with its functions', () => {
    const script = "process.stdout.write(JSON.stringify(Object.keys(require('usergate/client')).sort()))";
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['GatewayProblem', 'createGatewayClient', 'idempotencyKey', 'newIdempotencyKey']);
  });

  it('when TypeScript resolves it, then its declarations are built next to it', () => {
    const { types, default: code } = packageExports['./client'];
    expect(existsSync(join(ROOT, types))).toBe(true);
    expect(existsSync(join(ROOT, code))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/src/client/generated/openapi.d.ts'))).toBe(true);
  });
});
