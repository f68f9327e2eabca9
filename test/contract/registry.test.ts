import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adapters } from '../../adapters';

/**
 * Every adapter of the registry is judged by the shared contract suite (./suite.ts): its folder,
 * adapters/<name>/, has a test that runs it. An adapter added without one would otherwise pass
 * every cross-adapter test while nobody checked its 403s, 409s, 429s, 503s and replays.
 */
const ROOT = join(__dirname, '../..');

function runsTheSuite(name: string): boolean {
  const tests = join(ROOT, 'adapters', name, 'test');
  if (!existsSync(tests)) return false;
  return readdirSync(tests, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .some((file) => /\brunContractSuite\(\{\s*adapter:/.test(readFileSync(join(tests, file), 'utf8')));
}

describe('the shared contract suite covers the registry', () => {
  it('when the registry is read, then every adapter has a test in its folder that runs the shared contract suite', () => {
    expect(adapters.map((adapter) => adapter.name).filter((name) => !runsTheSuite(name))).toEqual([]);
  });
});
