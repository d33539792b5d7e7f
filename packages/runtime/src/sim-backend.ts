import { ActionsStateStore, createGitHubClient, createLogger, memorySink, type SimBackend } from '@auto-pr-sessions/core';
import type { LocalRuntime } from './types.js';

/**
 * Runs simulated actions against a local runtime: each run gets the variables a runner would set
 * (the toolkit clients read process.env), and a state store wired like the actions' own.
 */
export function runtimeBackend(rt: LocalRuntime, opts: { scope: 'author' | 'branch' }): SimBackend {
  const [owner = 'octo-org', repo = 'octo-repo'] = rt.repo.split('/');
  let restCalls = 0;
  const log = createLogger({ sink: memorySink(), operation: 'simulate' });
  return {
    owner,
    repo,
    apiUrl: rt.url,
    prepareRun(run) {
      const env = rt.envFor({ ref: run.ref, runId: run.runId, workspace: run.workspace, tempDir: run.tempDir });
      Object.assign(process.env, env);
      return env['GITHUB_TOKEN'] ?? '';
    },
    newRunId: () => rt.newRunId(),
    store(run) {
      const token = process.env['GITHUB_TOKEN'] ?? '';
      const github = createGitHubClient({ token, baseUrl: rt.url, onRequest: () => { restCalls += 1; } });
      return new ActionsStateStore({
        owner, repo, github, token, workspace: run.workspace, tempDir: run.tempDir, runId: String(run.runId), runAttempt: '1',
        ref: run.ref, defaultRef: 'refs/heads/main', retentionDays: 30, artifactsOnly: opts.scope === 'author', log,
      });
    },
    restCalls: () => restCalls,
  };
}
