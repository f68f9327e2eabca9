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
/**
 * The copies in docs/providers/ are kept byte for byte, so they still cite one another by the paths
 * the research kept them under: its providers folder is docs/providers/, its seeds folder
 * docs/providers/seeds/ (docs/providers/README.md).
 */
const COPIED_CITATION = /(?:\.\.\/)?shared\/(providers|seeds)\/([\w.-]*\w)/g;

/** Text files under a directory; the copied sources of docs/providers/ only when asked for. */
function filesUnder(directory: string, copies = false): string[] {
  return readdirSync(join(ROOT, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || (!copies && path === join('docs', 'providers')) ? [] : filesUnder(path, copies);
    return /\.(ts|md|json|ya?ml)$/.test(entry.name) ? [path] : [];
  });
}

const files = [...['adapters', 'src', 'test', 'docs', 'config'].flatMap((directory) => filesUnder(directory)), 'README.md'];
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

  it('when the copied sources cite each other where the research kept them (shared/...), then each cited file is in docs/providers/', () => {
    const copies = filesUnder(join('docs', 'providers'), true);
    const cited = copies.flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(COPIED_CITATION)].map(([, folder, name]) =>
        join('docs', 'providers', folder === 'seeds' ? 'seeds' : '', name!),
      ),
    );
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('when the code and docs are read, then nothing cites sources kept outside the repository', () => {
    expect(lines.filter(({ text }) => OUTSIDE.test(text)).map(({ where }) => where)).toEqual([]);
  });
});
