/**
 * Batch mode's report discovery: the CI runs of a commit (`GET /actions/runs?head_sha=`), their
 * artifacts (`GET /actions/runs/{id}/artifacts`), and a download of those whose name matches one
 * of the patterns. Bounded in runs, artifacts and pages (REST budget).
 *
 * Reports are evidence for a score, so who produced them matters: anyone can open a pull request
 * whose head is the same commit as a branch here (a fork holds the same commits) and let its run
 * upload flattering reports for that commit. Only runs of this repository's own code count
 * (`head_repository.id` = `repository.id`) unless the session is the fork's own (`allowForkRuns`).
 * Archives larger than MAX_REPORT_ARTIFACT_BYTES (the listing's `size_in_bytes`) are not fetched.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactClient } from '@actions/artifact';
import { globMatcher } from '@auto-pr-sessions/scoring';
import type { GitHubClient } from './client.js';
import { errorMessage as message, withTimeout } from '../../util/errors.js';

const MAX_RUNS = 20;
const MAX_ARTIFACTS = 10;
/** Largest report archive fetched (zipped size from the listing). */
export const MAX_REPORT_ARTIFACT_BYTES = 100 * 1024 * 1024;

export interface CiReportQuery {
  readonly github: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** The token the artifact client downloads other runs' artifacts with. */
  readonly token: string;
  readonly headSha: string;
  /** This run: never waited for, never read. */
  readonly ownRunId: string;
  /** Artifact name globs, e.g. `*report*`. */
  readonly patterns: readonly string[];
  readonly destDir: string;
  readonly timeoutMs?: number;
  /** Also read runs of other repositories' code (a fork's own session); default: this repository's runs only. */
  readonly allowForkRuns?: boolean;
}

export interface DownloadedArtifact {
  readonly id: number;
  readonly name: string;
  readonly runId: number;
  readonly runName: string;
  readonly dir: string;
}

export interface CommitRun {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly createdAt: string;
}

/** A run unfinished after this long is stuck (hosted jobs end at 6 h): it no longer holds a session back. */
export const STUCK_RUN_MS = 6 * 3600 * 1000;

export interface CommitRuns {
  /** Runs of the commit that have not finished: their reports may not exist yet. */
  readonly pending: CommitRun[];
  readonly finished: CommitRun[];
}

export interface CiReports {
  readonly downloaded: DownloadedArtifact[];
  readonly warnings: string[];
}



/** The workflow runs of the head commit (this run excluded), split into finished and pending. */
export async function listCommitRuns(q: Pick<CiReportQuery, 'github' | 'owner' | 'repo' | 'headSha' | 'ownRunId' | 'allowForkRuns'>, now: string): Promise<CommitRuns> {
  const res = await q.github.rest.actions.listWorkflowRunsForRepo({ owner: q.owner, repo: q.repo, head_sha: q.headSha, per_page: MAX_RUNS });
  const runs = res.data.workflow_runs
    .filter((r) => String(r.id) !== q.ownRunId)
    // a run whose head repository is another (a fork's PR run on the same commit) proves nothing here
    .filter((r) => q.allowForkRuns === true || (r.head_repository?.id !== undefined && r.head_repository.id === r.repository.id))
    .map((r) => ({ id: r.id, name: r.name ?? 'workflow', status: r.status ?? 'unknown', createdAt: r.created_at }));
  const stuck = (r: CommitRun) => Date.parse(now) - Date.parse(r.createdAt) > STUCK_RUN_MS;
  return { pending: runs.filter((r) => r.status !== 'completed' && !stuck(r)), finished: runs.filter((r) => r.status === 'completed') };
}

/** Downloads the artifacts of `runs` whose names match the patterns, each into its own directory. */
export async function downloadReportArtifacts(q: CiReportQuery, runs: readonly CommitRun[]): Promise<CiReports> {
  const warnings: string[] = [];
  const downloaded: DownloadedArtifact[] = [];
  const matches = globMatcher(q.patterns);
  let client: Pick<ArtifactClient, 'downloadArtifact'> | null = null;
  for (const run of runs) {
    if (downloaded.length >= MAX_ARTIFACTS) break;
    let artifacts;
    try {
      artifacts = await q.github.rest.actions.listWorkflowRunArtifacts({ owner: q.owner, repo: q.repo, run_id: run.id, per_page: 100 });
    } catch (err) {
      warnings.push(`artifacts of run ${run.id} could not be listed: ${message(err)}`);
      continue;
    }
    for (const a of artifacts.data.artifacts) {
      if (a.expired || !matches(a.name)) continue;
      if (a.size_in_bytes > MAX_REPORT_ARTIFACT_BYTES) {
        warnings.push(`artifact ${a.name} #${a.id} of run ${run.id} skipped: ${a.size_in_bytes} bytes zipped, over the ${MAX_REPORT_ARTIFACT_BYTES}-byte limit`);
        continue;
      }
      if (downloaded.length >= MAX_ARTIFACTS) {
        warnings.push(`more than ${MAX_ARTIFACTS} report artifacts for ${q.headSha.slice(0, 12)}; read the first ${MAX_ARTIFACTS}`);
        break;
      }
      const dir = join(q.destDir, `${run.id}-${a.id}`);
      try {
        if (!client) {
          const { DefaultArtifactClient } = await import('@actions/artifact');
          client = new DefaultArtifactClient();
        }
        await mkdir(dir, { recursive: true });
        await withTimeout(`download of artifact ${a.name}`, q.timeoutMs ?? 120_000, client.downloadArtifact(a.id, {
          path: dir,
          findBy: { token: q.token, workflowRunId: run.id, repositoryOwner: q.owner, repositoryName: q.repo },
        }));
        downloaded.push({ id: a.id, name: a.name, runId: run.id, runName: run.name, dir });
      } catch (err) {
        warnings.push(`artifact ${a.name} #${a.id} of run ${run.id} could not be downloaded: ${message(err)}`);
      }
    }
  }
  return { downloaded, warnings };
}
