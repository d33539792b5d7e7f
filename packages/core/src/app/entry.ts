import { actionsIO } from './actions-io.js';
import { readRunEnv } from './env.js';
import type { ActionIO, RunEnv } from './ports.js';

/**
 * The whole of an action's main.ts: build IO and environment, run, and turn any error into one
 * clear failure line (no stack trace for users; the stack goes to the debug log).
 */
export async function runAction(operation: string, body: (io: ActionIO, env: RunEnv) => Promise<unknown>): Promise<void> {
  const io = actionsIO(operation);
  try {
    const env = readRunEnv(process.env, io.getInput('now'));
    await body(io, env);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof Error && err.stack) io.log.debug(err.stack);
    io.setFailed(`${operation}: ${message}`);
  }
}
