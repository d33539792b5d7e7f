// Public surface of the local Actions runtime.
export type { Clock, LocalRuntime, PermissionLevel, RestAnswer, RestPermission, RunContext, RuntimeOptions, RuntimeStats, RuntimeStatsCounters } from './types.js';
export { startRuntime, DEFAULT_REPO, DEFAULT_CACHE_CAP_BYTES } from './server.js';
export { FaultController, type FaultArea, type FaultHandle, type FaultKind, type FaultSpec, type FaultTarget } from './faults.js';
export {
  BOT_LOGIN,
  GithubFake,
  type CheckRunRecord,
  type CollaboratorPermission,
  type CommentRecord,
  type CommitFile,
  type CommitRecord,
  type CommitSeed,
  type CompareResult,
  type DispatchRecord,
  type IssueRecord,
  type IssueSeed,
  type LabelRecord,
  type PullFields,
  type PullSeed,
  type RepoInfo,
  type WorkflowRunRecord,
  type WorkflowRunSeed,
} from './github-fake.js';
export { CACHE_UNUSED_TTL_MS, type CacheEntryRecord } from './cache-service.js';
export { DEFAULT_RETENTION_MS, type ArtifactRecord } from './artifact-service.js';
export { TOKEN_TTL_SEC } from './run-env.js';
export * from './run-action.js';
export { runtimeBackend } from './sim-backend.js';
export * from './workflow/index.js';
export { importGitRepository, gitHeadBranch, type GitImport } from './git-import.js';
