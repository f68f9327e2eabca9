import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Provenance inside the repository: fixtures, comments and docs cite the provider pages and specs
 * they rest on as `docs/providers/...`, and every such citation names a file that is there.
 */
const ROOT = join(__dirname, '../..');
const CITATION = /docs\/providers\/[\w./-]*[\w/]/g;
/** Where sources were kept before they were in the repository: a citation of it resolves nowhere. */
const OUTSIDE = /(?:\.\.\/)?shared\/(?:providers|seeds)\//;

function filesUnder(directory: string): string[] {
  return readdirSync(join(ROOT, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || path === join('docs', 'providers') ? [] : filesUnder(path);
    return /\.(ts|md|json|ya?ml)$/.test(entry.name) ? [path] : [];
  });
}

const files = [...['adapters', 'src', 'test', 'docs', 'config'].flatMap(filesUnder), 'README.md'];
const lines = files.flatMap((file) =>
  readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .map((text, index) => ({ where: `${file}:${index + 1}`, text })),
);

describe('citations of provider sources', () => {
  it('when the code and docs are read, then they cite provider sources under docs/providers/ (so that the check below checks something)', () => {
    expect(lines.some(({ text }) => text.includes('docs/providers/'))).toBe(true);
  });

  it('when a citation names a file under docs/providers/, then the file is there', () => {
    const missing = lines.flatMap(({ where, text }) =>
      [...text.matchAll(CITATION)].map(([path]) => ({ where, path })).filter(({ path }) => !existsSync(join(ROOT, path))),
    );
    expect(missing).toEqual([]);
  });

  it('when the code and docs are read, then nothing cites sources kept outside the repository', () => {
    expect(lines.filter(({ text }) => OUTSIDE.test(text)).map(({ where }) => where)).toEqual([]);
  });
});
