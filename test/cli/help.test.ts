import { runCli } from '../support/cli-process';

const COMMANDS = [
  ['serve'],
  ['token'],
  ['users'],
  ['users', 'get'],
  ['users', 'find'],
  ['users', 'create'],
  ['connections'],
  ['connections', 'list'],
  ['connections', 'show'],
  ['connections', 'add'],
  ['connections', 'rotate'],
  ['connections', 'disable'],
  ['connections', 'enable'],
  ['connections', 'remove'],
  ['connections', 'verify'],
  ['simulate'],
  ['contract'],
  ['secrets'],
  ['secrets', 'rotate'],
  ['secrets', 'generate-key'],
];

describe('usergate --help', () => {
  it('when help is asked for, then it lists exactly the commands below', async () => {
    const help = (await runCli(['--help'])).stdout;
    const listed = help
      .slice(help.indexOf('Commands:'))
      .match(/^ {2}[a-z]+/gm)!
      .map((name) => name.trim());
    expect(listed).toEqual([...new Set(COMMANDS.map(([command]) => command!)), 'help']);
  });

  it.each(COMMANDS.map((command) => [command.join(' ')]))('when "%s --help" is run, then it prints its usage and exits 0', async (command) => {
    const result = await runCli([...command.split(' '), '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: usergate ${command}\\b`));
  });

  it('when a command that talks to the gateway describes itself, then it names the URL, the token variable and the exit codes', async () => {
    const help = (await runCli(['users', 'get', '--help'])).stdout;
    expect(help).toMatch(/env:\s+USERGATE_URL/);
    expect(help).toContain('USERGATE_TOKEN');
    expect(help).toContain('3 gateway unreachable');
  });

  it('when the command is unknown, then it exits 2 and shows the usage', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it('when no command is given, then it exits 2 with the usage on stderr', async () => {
    const result = await runCli([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: usergate');
  });
});
