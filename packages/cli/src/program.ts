import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { errorLine, reportError } from './errors.js';
import { registerVersion } from './commands/version.js';
import { registerRuntime } from './commands/runtime.js';
import { registerScore } from './commands/score.js';
import { registerValidate } from './commands/validate.js';
import { registerSimulate } from './commands/simulate.js';
import { registerDemo } from './commands/demo.js';
import { registerSessionCommands } from './commands/sessions.js';
import { registerInit } from './commands/init.js';
import { registerAnalytics } from './commands/analytics.js';
import { registerWorkflow } from './commands/workflow.js';

/**
 * One convention for every command's usage errors (unknown option, malformed value, missing
 * argument): the same error line as the commands' own errors, a pointer to --help, exit 2.
 */
function applyConventions(cmd: Command, path: string): void {
  cmd.configureOutput({
    outputError: (str, write) => write(errorLine(path, `${str.trim()} (see: auto-pr-sessions ${path ? `${path} ` : ''}--help)`)),
  });
  cmd.showHelpAfterError(false);
  for (const sub of cmd.commands) applyConventions(sub, path ? `${path} ${sub.name()}` : sub.name());
}

/** Builds the `auto-pr-sessions` command tree. Each command lives in `commands/<name>.ts`. */
export function buildProgram(): Command {
  const program = new Command('auto-pr-sessions')
    .description('Score auto-PR sessions once instead of once per push')
    .addHelpText('after', '\nExit codes: 0 ok; 1 invalid input or not found; 2 usage error; 3 unexpected failure.')
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
  registerWorkflow(program);
  applyConventions(program, '');
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
      // help and version exit with code 0; every usage error with EXIT.usage
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(argv[2] ?? '', err);
  }
}
