import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { registerVersion } from './commands/version.js';
import { registerRuntime } from './commands/runtime.js';
import { registerScore } from './commands/score.js';
import { registerValidate } from './commands/validate.js';
import { registerSimulate } from './commands/simulate.js';
import { registerDemo } from './commands/demo.js';
import { registerSessionCommands } from './commands/sessions.js';
import { registerInit } from './commands/init.js';
import { registerAnalytics } from './commands/analytics.js';

/** Builds the `auto-pr-sessions` command tree. Each command lives in `commands/<name>.ts`. */
export function buildProgram(): Command {
  const program = new Command('auto-pr-sessions')
    .description('Score auto-PR sessions once instead of once per push')
    .showHelpAfterError()
    .exitOverride();
  registerVersion(program);
  registerRuntime(program);
  registerScore(program);
  registerValidate(program);
  registerSimulate(program);
  registerDemo(program);
  registerSessionCommands(program);
  registerInit(program);
  registerAnalytics(program);
  return program;
}

/** Runs the CLI and returns the process exit code (see exit-codes.ts). */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit with code 0; usage errors with EXIT.usage
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`auto-pr-sessions: ${message}\n`);
    return EXIT.failure;
  }
}
