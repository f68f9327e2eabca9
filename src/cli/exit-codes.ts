/** What `usergate` exits with, so that scripts can tell a refusal from a typo from a gateway that is down. */
export const EXIT = {
  ok: 0,
  /** The gateway answered with an error (404, 401, 502...), or something else failed. */
  failed: 1,
  /** The command line or its input was wrong; nothing was sent. */
  usage: 2,
  /** No gateway answered at the URL. */
  unreachable: 3,
} as const;

/** An error that ends the command: its message goes to stderr, its code becomes the exit status. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
