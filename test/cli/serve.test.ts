import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { outputUntil, spawnCli } from '../support/cli-process';

describe('usergate serve', () => {
  let child: ChildProcess;
  let banner: string;
  beforeAll(async () => {
    child = spawnCli(['serve'], { PORT: '0' });
    banner = await outputUntil(child, (stdout) => stdout.includes('Stop with Ctrl+C.'));
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('when run without a config, then it starts the demo and prints the console link with its port and token', () => {
    expect(banner).toMatch(/http:\/\/localhost:\d+\/console#token=[\w-]+\.[\w-]+\.[\w-]+/);
  });

  it('when the console link is followed, then the gateway serves the console there', async () => {
    const link = /(http:\/\/localhost:\d+\/console)#token=/.exec(banner)![1]!;
    const page = await fetch(link.replace('localhost', '127.0.0.1'));
    expect(page.status).toBe(200);
  });

  it('when it is sent SIGTERM, then it shuts down and exits 0', async () => {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
  });
});
