import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { clientTypes } from './client-types';
import { CLIENT_TYPES_FILE, gatewayDocument } from './document';

/**
 * The build step of the typed client: writes the OpenAPI document to dist/openapi.json and its types
 * to src/client/generated/. With --check (as `npm run build` runs it) it writes the document only and
 * fails when the committed types are not the document's, so that a stale client never ships.
 */
const ROOT = join(__dirname, '../../..');

async function main(check: boolean): Promise<void> {
  const document = gatewayDocument();
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  writeFileSync(join(ROOT, 'dist/openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  const types = await clientTypes(document);
  const file = join(ROOT, CLIENT_TYPES_FILE);
  if (!check) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, types);
    return;
  }
  if (readFileSync(file, 'utf8') !== types) {
    process.stderr.write(`${CLIENT_TYPES_FILE} is not the OpenAPI document's: run \`npm run generate:client\` and commit it.\n`);
    process.exitCode = 1;
  }
}

void main(process.argv.includes('--check'));
