// The runner emulation lives in the runtime package (a development and test tool, never bundled).
export { newJob, parseOutputFile, runActionProcess } from '@auto-pr-sessions/runtime';
export type { ActionRun, JobDirs, RunSpec } from '@auto-pr-sessions/runtime';
