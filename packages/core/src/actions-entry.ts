// Entry of the one shared action bundle (actions/dist/index.js, built by scripts/bundle-actions.mjs).
// Each action's main.mjs calls run('<name>'); only the chosen action's code is loaded: every
// `import()` below becomes a lazy chunk of the bundle, so a session-start does not parse the
// scorer, the health sweep or the dashboard, and the four actions share one copy of each chunk.
import { runAction } from './app/entry.js';

export const ACTION_NAMES = ['session-start', 'session-check', 'compute-reward-batched', 'session-health'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export { runAction };

/** Runs one action of the suite by name (the whole of an action's main.mjs). */
export async function run(name: string): Promise<void> {
  switch (name) {
    case 'session-start':
      return runAction(name, async (io, env) => (await import('./app/session-start.js')).runSessionStart(io, env));
    case 'session-check':
      return runAction(name, async (io, env) => (await import('./app/session-check.js')).runSessionCheck(io, env));
    case 'compute-reward-batched':
      return runAction(name, async (io, env) => (await import('./app/compute-reward.js')).runComputeReward(io, env));
    case 'session-health':
      return runAction(name, async (io, env) => (await import('./app/session-health.js')).runSessionHealth(io, env));
    default:
      // a main.mjs naming an action this bundle does not hold: a build or release mistake
      process.exitCode = 1;
      console.log(`::error::no action named "${name}" in this bundle (expected one of ${ACTION_NAMES.join(', ')}); rebuild with npm run build`);
  }
}
