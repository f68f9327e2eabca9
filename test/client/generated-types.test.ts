import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_TYPES_FILE, gatewayDocument } from '../../src/client-codegen/document';
import { startHarness, type Harness } from '../support/harness';

const ROOT = join(__dirname, '../..');
/** The build step, as built (`npm test` builds first): openapi-typescript needs require(esm), which jest's module system lacks. */
const GENERATOR = join(ROOT, 'dist/src/client-codegen/main.js');

type Operations = Record<string, Record<string, { operationId?: string }>>;

/**
 * The typed client's types are generated from the OpenAPI document and committed: these fail when the
 * document changed and `npm run generate:client` was not run (the build's --check fails too).
 */
describe('the typed client and the OpenAPI document', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('when the types are generated again from the document, then they are the committed ones', () => {
    const check = spawnSync(process.execPath, [GENERATOR, '--check'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('when the document is read, then every one of its paths and operations is in the committed types', () => {
    const types = readFileSync(join(ROOT, CLIENT_TYPES_FILE), 'utf8');
    const paths = gatewayDocument().paths as Operations;
    const missing = Object.entries(paths).flatMap(([path, item]) => [
      ...(types.includes(`    ${JSON.stringify(path)}: {`) ? [] : [path]),
      ...Object.values(item).flatMap(({ operationId }) =>
        operationId === undefined || types.includes(`operations[${JSON.stringify(operationId)}]`) ? [] : [operationId],
      ),
    ]);
    expect(missing).toEqual([]);
  });

  it('when the gateway serves its document, then it is the one the types are generated from', async () => {
    const served = await harness.http.get('/openapi.json');
    expect(served.body).toEqual(gatewayDocument());
  });
});
