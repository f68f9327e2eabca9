import { buildSync } from 'esbuild';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
/** What the typed client may add to the console's bundle (issue 22). */
const CLIENT_BUDGET_BYTES = 10 * 1024;

/** The console's bundle as `npm run build:console` makes it (minified), with what each input put into it. */
function consoleBundle() {
  const { metafile } = buildSync({
    entryPoints: [join(ROOT, 'src/console/browser/console.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    charset: 'utf8',
    outdir: join(ROOT, 'dist/bundle-size'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(metafile.outputs).filter((candidate) => candidate.entryPoint !== undefined);
  if (!output) throw new Error('esbuild made no bundle of the console');
  return output;
}

describe("the console's bundle", () => {
  it('when the console is bundled, then the typed client and openapi-fetch take at most 10 KB of it', () => {
    const { inputs } = consoleBundle();
    const clientBytes = Object.entries(inputs)
      .filter(([path]) => path.startsWith('src/client/') || path.startsWith('node_modules/openapi-fetch/'))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
    expect(clientBytes).toBeGreaterThan(0);
    expect(clientBytes).toBeLessThanOrEqual(CLIENT_BUDGET_BYTES);
  });
});
