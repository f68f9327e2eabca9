import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayExecArgv, YOUNG_GENERATION_FLAG } from '../../src/heap';

const root = join(__dirname, '../..');

describe("the gateway's young-generation ceiling", () => {
  it('when a gateway is started with `npm start`, then node is given the ceiling', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(`node ${YOUNG_GENERATION_FLAG} dist/src/main.js`);
  });

  it("when a gateway is started from the image, then the image's command gives node the ceiling", () => {
    const command = /^CMD (\[.*\])$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))?.[1] ?? '[]';
    expect(JSON.parse(command)).toEqual(['node', YOUNG_GENERATION_FLAG, 'dist/src/main.js']);
  });

  it('when node was started without a ceiling, then a gateway process gets it after the flags it was given', () => {
    expect(gatewayExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps', YOUNG_GENERATION_FLAG]);
  });

  it('when node was started with a ceiling of its own, then that one is kept', () => {
    expect(gatewayExecArgv(['--max-semi-space-size=64'])).toEqual(['--max-semi-space-size=64']);
  });
});
