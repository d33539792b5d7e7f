// Narrow entry for the bundled actions: only what the entry points call, so ncc does not pull the
// local runtime, the simulator or the CLI-only parts into every action's dist.
export { runAction } from './app/entry.js';
export { runSessionStart } from './app/session-start.js';
export { runSessionCheck } from './app/session-check.js';
export { runComputeReward } from './app/compute-reward.js';
export { runSessionHealth } from './app/session-health.js';
