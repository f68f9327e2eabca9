import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { adapters } from '../../adapters';

/**
 * The registry (adapters/index.ts) is the only list of providers: nothing in src/ or test/ names one
 * or counts them, so that a new provider is its folder, one line in the registry and the README's
 * row, and every cross-adapter test takes it in by itself. Provider knowledge lives in adapters/<name>/.
 */
const ROOT = join(__dirname, '../..');
const names = adapters.map((adapter) => adapter.name);
/**
 * A name as code, strings and comments spell it: `acme`, `Acme` and `ACME`, alone or inside an
 * identifier (`acmeUser`, `toAcmeName`, `ACME_CLIENT_ID`, where a word boundary sees no edge before
 * the `_`), never inside another word (a provider called `port` is not in `export` or `portal`).
 */
function spellings(name: string): string {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const lower = escape(name.toLowerCase());
  const capital = escape(name.charAt(0).toUpperCase() + name.slice(1).toLowerCase());
  const upper = escape(name.toUpperCase());
  return `(?<![A-Za-z0-9])${lower}(?![a-z0-9])|(?<![A-Z0-9])${capital}(?![a-z0-9])|(?<![A-Za-z0-9])${upper}(?![A-Z0-9])`;
}
const NAMED = new RegExp(names.map(spellings).join('|'));
const NUMBER_WORDS = ['three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
/**
 * "four providers", "all 5 adapters", "the three simulators": a count of providers written out. (A
 * count of one or two is what a test sets up for itself: "two simulators, one slow".)
 */
const COUNT = new RegExp(`\\b(?:${NUMBER_WORDS.join('|')}|\\d+)\\s+(?:of\\s+the\\s+)?(?:providers|adapters|simulators)\\b`, 'i');

function filesUnder(directory: string): string[] {
  return readdirSync(join(ROOT, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

interface Finding {
  where: string;
  text: string;
}

function findings(file: string, matches: (line: string) => string | undefined): Finding[] {
  return readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      const found = matches(line);
      return found ? [{ where: `${file}:${index + 1}`, text: found }] : [];
    });
}

/**
 * The typed client's types are generated from the OpenAPI document, which names each adapter's own
 * operations: written by `npm run generate:client` from the registry, never by hand.
 */
const GENERATED = 'src/client/generated/';
const files = ['src', 'test'].flatMap(filesUnder).filter((file) => !file.startsWith(GENERATED));
const self = relative(ROOT, __filename);

describe('the registry is the only list of providers', () => {
  it('when the registry is read, then it names providers (so that the checks below check something)', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  it('when a name is written inside an identifier, then it is found; inside another word, it is not', () => {
    const [name = ''] = names;
    const capital = name.charAt(0).toUpperCase() + name.slice(1);
    const named = [name, `${name.toUpperCase()}_CLIENT_ID`, `to${capital}Name`, `${name}User`, `'${capital}'`];
    expect(named.filter((written) => !NAMED.test(written))).toEqual([]);
    const otherWords = [`ex${name}`, `${name}al`, `EX${name.toUpperCase()}AL`];
    expect(otherWords.filter((written) => NAMED.test(written))).toEqual([]);
  });

  it('when src/ and test/ are read, then no provider of the registry is named there, in code, strings or comments', () => {
    const found = files.flatMap((file) => findings(file, (line) => NAMED.exec(line)?.[0]));
    expect(found).toEqual([]);
  });

  it('when src/ and test/ are read, then no count of providers is written out', () => {
    const found = files.filter((file) => file !== self).flatMap((file) => findings(file, (line) => COUNT.exec(line)?.[0]));
    expect(found).toEqual([]);
  });
});
