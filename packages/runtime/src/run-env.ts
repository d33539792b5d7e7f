// The environment a runner gives an action step, pointed at this runtime. Only what the toolkit and
// our actions read; a harness adds INPUT_*, GITHUB_EVENT_PATH, GITHUB_OUTPUT and friends.
import { randomUUID } from 'node:crypto';
import { BOT_LOGIN, type GithubFake, type WorkflowRunRecord } from './github-fake.js';
import { WEB_URL } from './rest-shapes.js';
import { cacheScopesFor, fullPermissions, UNTRUSTED_CACHE_EVENTS, type TokenAuthority } from './token.js';
import type { RunContext } from './types.js';

/** Fake tokens live one day on the runtime clock: advancing the clock further needs a fresh envFor. */
export const TOKEN_TTL_SEC = 24 * 3600;

/** Branch name a workflow run reports for a ref (a PR's head branch for refs/pull/N/merge). */
function headBranchFor(ref: string, fake: GithubFake): string | null {
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  const pr = /^refs\/pull\/(\d+)\//.exec(ref);
  if (pr) return fake.pull(Number(pr[1]))?.pull?.head ?? null;
  return null;
}

/** The run's record, created or completed from the context (seeded fields are kept). */
function syncRun(run: RunContext, fake: GithubFake): WorkflowRunRecord {
  const id = run.runId ?? fake.addWorkflowRun().id;
  const existing = fake.workflowRun(id) ?? fake.addWorkflowRun({ id });
  const headBranch = headBranchFor(run.ref, fake);
  const prNumber = /^refs\/pull\/(\d+)\//.exec(run.ref)?.[1];
  const pr = prNumber ? fake.pull(Number(prNumber)) : undefined;
  const sha = run.sha ?? (pr ? fake.pullHeadSha(pr) : undefined) ?? (headBranch ? fake.branchSha(headBranch) : undefined);
  // a pull request run from a fork executes the fork's code: its head repository is the fork
  const forkHead = pr?.pull?.headRepo;
  return (
    fake.updateWorkflowRun(existing.id, {
      headBranch,
      headRepositoryId: forkHead ? fake.repoIdOf(forkHead) : fake.repo.id,
      ...(forkHead ? { headRepo: forkHead } : {}),
      event: run.eventName ?? existing.event,
      runAttempt: run.runAttempt ?? existing.runAttempt,
      headSha: sha ?? existing.headSha,
    }) ?? existing
  );
}

export function buildRunEnv(run: RunContext, url: string, fake: GithubFake, tokens: TokenAuthority): Record<string, string> {
  const wr = syncRun(run, fake);
  const repo = fake.repo;
  const runtimeToken = tokens.runtimeToken(
    {
      runId: wr.id,
      runBackendId: wr.backendId,
      jobBackendId: randomUUID(),
      scopes: cacheScopesFor(run.ref, repo.defaultBranch, run.baseRef, run.untrustedTrigger ?? UNTRUSTED_CACHE_EVENTS.includes(run.eventName ?? '')),
    },
    repo.id,
    TOKEN_TTL_SEC,
  );
  const permissions = fullPermissions({ ...run.permissions, ...(run.actionsPermission ? { actions: run.actionsPermission } : {}) });
  const githubToken = tokens.restToken({ permissions, runId: wr.id, login: BOT_LOGIN }, TOKEN_TTL_SEC);
  const host = new URL(url).hostname;
  const noProxy = [...new Set([host, '127.0.0.1', 'localhost', '::1', '.localhost'])].join(',');
  const refName = run.ref.replace(/^refs\/(heads|tags|pull)\//, '');
  const env: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    ACTIONS_RUNTIME_TOKEN: runtimeToken,
    ACTIONS_RESULTS_URL: `${url}/`,
    ACTIONS_RUNTIME_URL: `${url}/`,
    ACTIONS_CACHE_URL: `${url}/`,
    ACTIONS_CACHE_SERVICE_V2: 'true',
    // Must look like github.com, *.ghe.com or *.localhost: anything else counts as GHES to the toolkit.
    GITHUB_SERVER_URL: WEB_URL,
    GITHUB_API_URL: url,
    GITHUB_GRAPHQL_URL: `${url}/graphql`,
    GITHUB_REPOSITORY: repo.fullName,
    GITHUB_REPOSITORY_OWNER: repo.owner,
    GITHUB_REPOSITORY_ID: String(repo.id),
    GITHUB_REF: run.ref,
    GITHUB_REF_NAME: refName,
    GITHUB_REF_TYPE: run.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_EVENT_NAME: wr.event,
    GITHUB_RUN_ID: String(wr.id),
    GITHUB_RUN_ATTEMPT: String(wr.runAttempt),
    GITHUB_RUN_NUMBER: String(wr.runNumber),
    GITHUB_ACTOR: wr.actor,
    GITHUB_WORKSPACE: run.workspace,
    RUNNER_TEMP: run.tempDir,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_TOKEN: githubToken,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
  };
  if (wr.headSha) env['GITHUB_SHA'] = wr.headSha;
  if (run.ref.startsWith('refs/pull/')) {
    env['GITHUB_HEAD_REF'] = wr.headBranch ?? '';
    env['GITHUB_BASE_REF'] = (run.baseRef ?? repo.defaultBranch).replace(/^refs\/heads\//, '');
  }
  return env;
}
