/** A subcommand of the command-line tool. */
export interface Command {
  name: string;
  /** One line for the command list in `switchboard --help`. */
  summary: string;
  /** The full help of the command: usage line and options. */
  help: string;
  /** Runs the command with the arguments after its name; resolves to the exit status. */
  run(args: string[]): Promise<number>;
}

/** An error in how the tool was called; it exits with status 2 and the message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
