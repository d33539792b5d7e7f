/** Documented exit codes of the CLI (README "CLI"). */
export const EXIT = {
  ok: 0,
  /** Validation failed, or the command found what it was asked to report (e.g. invalid config). */
  invalid: 1,
  /** Bad command-line usage. */
  usage: 2,
  /** Unexpected failure (I/O, service). */
  failure: 3,
} as const;
