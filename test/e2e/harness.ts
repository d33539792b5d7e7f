// The runner emulation lives in the core package (users can drive their own workflows with it).
export { newJob, parseOutputFile, runActionProcess } from '@auto-pr-sessions/core';
export type { ActionRun, JobDirs, RunSpec } from '@auto-pr-sessions/core';
