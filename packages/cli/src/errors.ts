import { EXIT, type ExitCode } from './exit-codes.js';

/**
 * An error the user can act on. Its message says what was wrong, where, and what to do; the
 * command prints it as `auto-pr-sessions <command>: <message>` and exits with `code`.
 */
export class CliError extends Error {
  constructor(readonly code: ExitCode, message: string) {
    super(message);
  }
}

/** Bad command-line usage (exit 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(EXIT.usage, message);
  }
}

/** Invalid input or something named that does not exist (exit 1). */
export class InputError extends CliError {
  constructor(message: string) {
    super(EXIT.invalid, message);
  }
}

/** A session, stream or repository that is not there (exit 1). */
export class NotFoundError extends InputError {}

/** The one error line every command prints. */
export function errorLine(command: string, message: string): string {
  return `auto-pr-sessions${command ? ` ${command}` : ''}: ${message.replace(/^error: /, '')}\n`;
}

/** Prints an error the one way and returns its exit code: 1/2 for CliErrors, 3 for anything else. */
export function reportError(command: string, err: unknown): ExitCode {
  if (err instanceof CliError) {
    process.stderr.write(errorLine(command, err.message));
    return err.code;
  }
  const message = err instanceof Error ? err.message : String(err);
  const stack = process.env['AUTO_PR_SESSIONS_DEBUG'] && err instanceof Error && err.stack ? `\n${err.stack}` : '';
  process.stderr.write(errorLine(command, `unexpected failure: ${message} (this is an I/O or service failure, or a bug: rerun with AUTO_PR_SESSIONS_DEBUG=1 for the stack and report it)${stack}`));
  return EXIT.failure;
}

/** Runs a command's body and turns whatever it throws into the error line and the exit code. */
export async function guarded(command: string, fn: () => Promise<void | number>): Promise<void> {
  try {
    const code = await fn();
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    process.exitCode = reportError(command, err);
  }
}
