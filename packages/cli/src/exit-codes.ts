/** Documented exit codes of the CLI (README "CLI"); every command uses these and no others. */
export const EXIT = {
  ok: 0,
  /** Invalid input or not found: a file, directory, session or repository named on the command line is missing or invalid, or a check failed. */
  invalid: 1,
  /** Bad command-line usage: unknown command or option, missing argument, malformed option value. */
  usage: 2,
  /** Unexpected failure: a bug, an I/O or service failure the user could not have prevented. */
  failure: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
