/** Batch mode's reports: the artifacts of the CI runs of the session's head commit. */
import { join, relative, sep } from 'node:path';
import { downloadReportArtifacts, listCommitRuns, type CommitRun } from '../../adapters/github/ci-reports.js';
import type { ReportProvider, RewardDeps } from './pipeline.js';
import { discoverReports } from './reports.js';
import { forkRepoIdOfStream } from '@auto-pr-sessions/domain';
import type { RewardTarget } from './types.js';
import { errorMessage as message } from '../../util/errors.js';


export function discoverReportArtifacts(d: RewardDeps, target: RewardTarget): ReportProvider {
  let finished: CommitRun[] = [];
  const sha = target.headSha;
  // a fork's own session is scored from its own runs' reports (data only, never executed); every
  // other session only from runs of this repository's code
  const allowForkRuns = target.streamKey !== null && forkRepoIdOfStream(target.streamKey) !== null;
  return {
    async ready() {
      if (!d.github || !sha) return null;
      try {
        const runs = await listCommitRuns({ github: d.github, owner: d.env.owner, repo: d.env.repo, headSha: sha, ownRunId: d.env.runId, allowForkRuns }, d.env.now);
        if (runs.pending.length > 0) {
          return `waiting for CI: ${runs.pending.map((r) => `${r.name} #${r.id} (${r.status})`).join(', ')} on ${sha.slice(0, 12)} may still upload reports; a later run scores this session`;
        }
        finished = runs.finished;
        return null;
      } catch (err) {
        return `the CI runs of ${sha.slice(0, 12)} could not be listed (${message(err)}); a later run scores this session`;
      }
    },
    async collect(workDir: string) {
      const notes: string[] = [];
      if (!d.github || !sha) {
        notes.push(`no report artifacts read: ${!d.github ? 'no token' : 'the head commit of the session is unknown'}`);
        return { files: {}, used: [], notes };
      }
      const dest = join(workDir, 'artifacts');
      const got = await downloadReportArtifacts({ github: d.github, owner: d.env.owner, repo: d.env.repo, token: d.token, headSha: sha, ownRunId: d.env.runId, allowForkRuns, patterns: d.options.reportArtifacts, destDir: dest }, finished);
      notes.push(...got.warnings);
      if (got.downloaded.length === 0) {
        notes.push(`no artifact named like ${d.options.reportArtifacts.join(', ')} among the ${finished.length} finished CI run${finished.length === 1 ? '' : 's'} of ${sha.slice(0, 12)}: scored without test, coverage and analysis reports`);
        return { files: {}, used: [], notes };
      }
      const names = new Map(got.downloaded.map((a) => [a.dir, `${a.name} (run ${a.runId})`]));
      const label = (abs: string): string => {
        for (const [dir, name] of names) if (abs.startsWith(`${dir}${sep}`)) return `${name}/${relative(dir, abs).split(sep).join('/')}`;
        return abs;
      };
      const found = await discoverReports(dest, label);
      return { files: found.files, used: found.used, notes: [...notes, ...found.notes] };
    },
  };
}
