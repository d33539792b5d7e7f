/**
 * Scoring one target exactly once: claim → read reports → score → publish → record the `scored`
 * mark. A run that loses the claim stops; a scoring failure gives the claim back; publishing and
 * recording faults are warnings (fatal with fail-on-error) and never lose the recorded state.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publishCheckRun } from '../../adapters/github/check-run.js';
import type { GitHubClient } from '../../adapters/github/client.js';
import { stickyMarker, upsertStickyComment } from '../../adapters/github/sticky-comment.js';
import type { Logger } from '../../adapters/logger.js';
import { isTrustedRun, originOf } from '../../adapters/store/provenance.js';
import type { StateStore } from '../../adapters/store/types.js';
import { markEvent, traceIdForSession } from '@auto-pr-sessions/domain';
import { collectInputs, type InputFiles } from '@auto-pr-sessions/scoring';
import { bandsOf, decisionFromBands, normalizeScore, scoreSession } from '@auto-pr-sessions/scoring';
import type { Rubric } from '@auto-pr-sessions/scoring';
import type { ScoreResult, ScoringInputs } from '@auto-pr-sessions/scoring';
import type { RunEnv } from '../ports.js';
import { claimSession, type HeldClaim } from './claim.js';
import type { RewardOptions } from './inputs.js';
import { annotationsFor, blockingItems, checkSummary, checkTitle, commentBody, conclusionOf, rewardDocument, type RenderContext } from './render.js';
import type { FoundReports } from './reports.js';
import { runScorerCommand, showCommand } from './scorer-command.js';
import { resolvePulls } from './targets.js';
import type { PullInfo, RewardLine, RewardScore, RewardTarget, TargetResult } from './types.js';
import { errorMessage as message } from '../../util/errors.js';

export const REWARD_ARTIFACT_PREFIX = 'reward-';
export const CHECK_NAME = 'reward-score';

export interface RewardDeps {
  readonly env: RunEnv;
  readonly options: RewardOptions;
  readonly github: GitHubClient | null;
  readonly token: string;
  readonly store: StateStore;
  readonly log: Logger;
  /** Null when the token may write to the PR; else why not (fork PR, read-only token). */
  readonly readOnly: string | null;
  /** Web URL of this run, for the comment and the check run ('' when unknown). */
  readonly runUrl: string;
}

/** Where a target's reports come from (workspace globs, or the head commit's CI artifacts). */
export interface ReportProvider {
  /** Checked before the claim: a reason to leave the target for a later run (e.g. CI still running). */
  ready?(): Promise<string | null>;
  collect(workDir: string): Promise<FoundReports>;
}


function status(err: unknown): number | undefined {
  const s = (err as { status?: unknown }).status;
  return typeof s === 'number' ? s : undefined;
}

const isDenied = (err: unknown): boolean => status(err) === 403 && /not accessible|permission|forbidden/i.test(message(err));

/** Decision bands of the rubric, for an external score that gives no decision of its own. */
export function decisionFor(score: number, rubric: Rubric, breakdown: readonly RewardLine[] = []): { decision: RewardScore['decision']; reason: string } {
  return decisionFromBands(score, bandsOf(rubric), breakdown);
}

async function rewardArtifactExists(d: RewardDeps, sessionId: string): Promise<boolean | null> {
  if (!d.github) return null;
  try {
    const res = await d.github.rest.actions.listArtifactsForRepo({ owner: d.env.owner, repo: d.env.repo, name: `${REWARD_ARTIFACT_PREFIX}${sessionId}`, per_page: 20 });
    // a fork's run can upload an artifact of this name: only a run of this repository's code publishes
    return res.data.artifacts.some((a) => !a.expired && isTrustedRun(originOf(a)));
  } catch {
    return null;
  }
}

/** The compare API response for base...head, written where the diff parser can stream it. */
async function compareDiff(d: RewardDeps, target: RewardTarget, pulls: readonly PullInfo[], workDir: string): Promise<{ file: string | null; note: string | null }> {
  const head = target.headSha ?? pulls[0]?.headSha;
  if (!d.github) return { file: null, note: 'no diff: no diff input and no token for the compare API' };
  if (!head) return { file: null, note: 'no diff: no diff input and the head commit is unknown' };
  const base = pulls[0]?.baseRef ?? d.env.defaultRef.replace(/^refs\/heads\//, '');
  try {
    const res = await d.github.rest.repos.compareCommitsWithBasehead({ owner: d.env.owner, repo: d.env.repo, basehead: `${base}...${head}`, per_page: 1 });
    const file = join(workDir, 'compare.json');
    await writeFile(file, JSON.stringify(res.data));
    return { file, note: null };
  } catch (err) {
    return { file: null, note: `no diff: the compare API answered for ${base}...${head.slice(0, 12)} with ${message(err)}; scored without the change's files` };
  }
}

function sessionJson(d: RewardDeps, target: RewardTarget, pulls: readonly PullInfo[], inputs: ScoringInputs, builtin: ScoreResult, traceId: string): string {
  return JSON.stringify({
    version: 1,
    repository: `${d.env.owner}/${d.env.repo}`,
    traceId,
    session: target,
    pullRequests: pulls,
    inputs,
    builtin,
  });
}

async function computeScore(d: RewardDeps, target: RewardTarget, pulls: readonly PullInfo[], files: InputFiles, traceId: string): Promise<{ score: RewardScore; inputs: ScoringInputs }> {
  const primary = pulls[0];
  const prText = primary ? { title: primary.title, body: primary.body } : target.titles[0] ? { title: target.titles[0], body: '' } : undefined;
  const inputs = await collectInputs(files, {
    workspace: d.env.workspace,
    classes: d.options.rubric.files,
    ...(prText ? { prText } : {}),
    session: { id: target.sessionId, prNumbers: [...target.prNumbers], pushes: target.pushes },
  });
  const builtin = scoreSession(inputs, d.options.rubric);
  const argv = d.options.scorerCommand;
  if (!argv) {
    return {
      inputs,
      score: { scorer: 'builtin', score: builtin.score, normalized: builtin.normalized, decision: builtin.decision, decisionReason: builtin.decisionReason, breakdown: builtin.breakdown, builtin },
    };
  }
  const ext = await runScorerCommand({
    argv,
    input: sessionJson(d, target, pulls, inputs, builtin, traceId),
    timeoutMs: d.options.scorerTimeoutMs,
    cwd: d.env.workspace,
    env: { ...process.env, AUTO_PR_SESSIONS_SESSION_ID: target.sessionId, AUTO_PR_SESSIONS_TRACE_ID: traceId },
  });
  const bands = decisionFor(ext.score, d.options.rubric, ext.breakdown ?? []);
  return {
    inputs,
    score: {
      scorer: `command: ${showCommand(argv)}`,
      score: ext.score,
      normalized: ext.normalized ?? normalizeScore(ext.score, builtin.range),
      decision: ext.decision ?? bands.decision,
      decisionReason: ext.decisionReason ?? (ext.decision ? `decided by the scorer command` : bands.reason),
      breakdown: ext.breakdown ?? [],
      builtin,
    },
  };
}

async function uploadReward(d: RewardDeps, sessionId: string, file: string, dir: string): Promise<number> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  const name = `${REWARD_ARTIFACT_PREFIX}${sessionId}`;
  const upload = async () => (await client.uploadArtifact(name, [file], dir, { retentionDays: d.options.retentionDays })).id ?? 0;
  try {
    return await upload();
  } catch (err) {
    // a re-run of this step in the same run: replace its copy
    if (!/already exists|409|conflict/i.test(message(err))) throw err;
    await client.deleteArtifact(name);
    return upload();
  }
}

interface Published {
  commentUrl?: string;
  checkRunId?: number;
}

async function publishRest(d: RewardDeps, r: RenderContext, notices: string[], faults: string[]): Promise<Published> {
  const out: Published = {};
  const { owner, repo } = d.env;
  const gh = d.github;
  const skip = (what: string, why: string) => notices.push(`${what} skipped: ${why}`);
  if (d.options.comment) {
    const pr = r.pulls[0];
    if (!gh) skip('PR comment', 'no token');
    else if (d.readOnly) skip('PR comment', d.readOnly);
    else if (!pr) skip('PR comment', 'no pull request found for this session (the score is in the job summary and the reward artifact)');
    else {
      try {
        const marker = stickyMarker('reward', r.target.sessionId);
        const res = await upsertStickyComment(gh, { owner, repo, issue: pr.number, marker }, commentBody(marker, r));
        out.commentUrl = res.url;
        d.log.info(`${res.action} the reward comment on PR #${pr.number} (${res.pages} page${res.pages === 1 ? '' : 's'} of comments read)`);
      } catch (err) {
        if (isDenied(err)) skip('PR comment', `the token cannot write to pull requests (${message(err)}); grant pull-requests: write`);
        else faults.push(`the PR comment could not be written: ${message(err)}`);
      }
    }
  }
  if (d.options.checkRun) {
    const sha = r.target.headSha ?? r.pulls[0]?.headSha;
    if (!gh) skip('check run', 'no token');
    else if (d.readOnly) skip('check run', d.readOnly);
    else if (!sha) skip('check run', 'the head commit of the session is unknown');
    else {
      try {
        const res = await publishCheckRun(gh, {
          owner,
          repo,
          name: CHECK_NAME,
          headSha: sha,
          conclusion: conclusionOf(r.score.decision),
          title: checkTitle(r.score),
          summary: checkSummary(r),
          annotations: annotationsFor(r.blocking),
          externalId: r.target.sessionId,
          ...(r.runUrl ? { detailsUrl: r.runUrl } : {}),
        });
        out.checkRunId = res.id;
        d.log.info(`check run ${CHECK_NAME} #${res.id} on ${sha.slice(0, 12)} with ${res.annotations} annotation${res.annotations === 1 ? '' : 's'} in ${res.requests} request${res.requests === 1 ? '' : 's'}`);
      } catch (err) {
        if (isDenied(err)) skip('check run', `the token cannot create check runs (${message(err)}); grant checks: write`);
        else faults.push(`the check run could not be created: ${message(err)}`);
      }
    }
  }
  return out;
}

async function recordScored(d: RewardDeps, target: RewardTarget, detail: Record<string, unknown>, notices: string[], faults: string[]): Promise<void> {
  if (!target.streamKey) return;
  const mark = markEvent({
    kind: 'scored',
    sessionId: target.sessionId,
    at: d.env.now,
    repo: `${d.env.owner}/${d.env.repo}`,
    runId: d.env.runId,
    attempt: d.env.runAttempt,
    actor: d.env.actor,
    detail: JSON.stringify(detail),
  });
  try {
    const saved = await d.store.append(target.streamKey, [mark]);
    for (const w of saved.warnings) notices.push(w);
    if (!saved.durable) faults.push(`the scored mark of ${target.sessionId} was not stored durably (state services failed); the claim ref and the reward artifact still keep other runs from scoring it again`);
  } catch (err) {
    faults.push(`the scored mark of ${target.sessionId} could not be recorded: ${message(err)}; the claim ref and the reward artifact still keep other runs from scoring it again`);
  }
}

export function workDirFor(env: RunEnv, sessionId: string): string {
  return join(env.tempDir, 'auto-pr-sessions', 'reward', sessionId.replace(/[^A-Za-z0-9._-]/g, '_'));
}

export interface ScoredDetail {
  readonly render: RenderContext;
  readonly notes: readonly string[];
}

export async function scoreTarget(d: RewardDeps, target: RewardTarget, provider: ReportProvider, onScored?: (detail: ScoredDetail) => void): Promise<TargetResult> {
  const traceId = traceIdForSession(target.sessionId);
  const log = d.log.child({ traceId, context: { session: target.sessionId } });
  const notices: string[] = [];
  const faults: string[] = [];
  const base = { sessionId: target.sessionId, streamKey: target.streamKey, traceId, notices, faults };

  if (provider.ready) {
    const wait = await provider.ready();
    if (wait) return { ...base, status: 'not-due', reason: wait };
  }
  const outcome = await claimSession(
    {
      github: d.github,
      owner: d.env.owner,
      repo: d.env.repo,
      runId: d.env.runId,
      runAttempt: d.env.runAttempt,
      ref: d.env.ref,
      workspace: d.env.workspace,
      defaultBranch: d.env.defaultRef.replace(/^refs\/heads\//, ''),
      log,
      isPublished: () => rewardArtifactExists(d, target.sessionId),
    },
    target.sessionId,
    target.headSha,
  );
  if (outcome.kind === 'lost') return { ...base, status: 'claimed-by-other', reason: `another run is scoring this session: ${outcome.reason}` };
  if (outcome.kind === 'published') {
    await recordScored(d, target, { recovered: `reward artifact ${REWARD_ARTIFACT_PREFIX}${target.sessionId}` }, notices, faults);
    return { ...base, status: 'already-scored', reason: `already scored: ${outcome.reason}` };
  }
  if (outcome.kind === 'unavailable') {
    faults.push(outcome.reason);
    return { ...base, status: 'failed', reason: `not scored: ${outcome.reason}; a later run retries` };
  }
  const claim: HeldClaim = outcome.claim;
  log.info(outcome.note);
  if (claim.method === 'cache-key') notices.push(outcome.note);

  const workDir = workDirFor(d.env, target.sessionId);
  let scored: { score: RewardScore; inputs: ScoringInputs };
  let pulls: PullInfo[] = [];
  let reports: string[];
  try {
    await mkdir(workDir, { recursive: true });
    if (d.github) {
      const found = await resolvePulls(d.github, d.env.owner, d.env.repo, target);
      pulls = found.pulls;
      notices.push(...found.warnings);
    }
    const found = await provider.collect(workDir);
    notices.push(...found.notes);
    reports = [...found.used];
    const files: InputFiles = { ...found.files };
    if (files.diff === undefined) {
      const cmp = await compareDiff(d, target, pulls, workDir);
      if (cmp.file) {
        files.diff = cmp.file;
        reports.push(`diff: compare API ${pulls[0]?.baseRef ?? d.env.defaultRef.replace(/^refs\/heads\//, '')}...${(target.headSha ?? pulls[0]?.headSha ?? '').slice(0, 12)}`);
      } else if (cmp.note) notices.push(cmp.note);
    }
    scored = await computeScore(d, target, pulls, files, traceId);
    notices.push(...(scored.inputs.tests?.notices ?? []));
  } catch (err) {
    const released = await claim.release();
    log.warn(`scoring failed: ${message(err)}; ${released}`);
    return { ...base, status: 'failed', reason: `scoring failed: ${message(err)} (${released})`, error: `${message(err)} (${released})` };
  }

  const render: RenderContext = {
    target,
    score: scored.score,
    pulls,
    blocking: blockingItems(scored.inputs, d.env.workspace, d.options.rubric),
    traceId,
    scoredAt: d.env.now,
    runUrl: d.runUrl,
    reports,
  };
  const doc = rewardDocument(render, { repository: `${d.env.owner}/${d.env.repo}`, runId: d.env.runId, runAttempt: d.env.runAttempt, rubric: d.options.rubricFile });
  const reportPath = join(workDir, 'reward.json');
  await writeFile(reportPath, `${JSON.stringify(doc, null, 2)}\n`);
  const [, published] = await Promise.all([
    uploadReward(d, target.sessionId, reportPath, workDir).then(
      (id) => log.info(`uploaded ${REWARD_ARTIFACT_PREFIX}${target.sessionId} (artifact ${id})`),
      (err: unknown) => faults.push(`the reward artifact could not be uploaded: ${message(err)} (reward.json stays at ${reportPath} for this job)`),
    ),
    publishRest(d, render, notices, faults),
  ]);
  // scale and bands travel with the score, so the dashboard states the scale the score was given on
  await recordScored(d, target, { score: scored.score.score, normalized: scored.score.normalized, decision: scored.score.decision, scorer: scored.score.scorer, scale: scored.score.builtin.range, bands: scored.score.builtin.bands }, notices, faults);
  onScored?.({ render, notes: [...notices, ...faults] });
  return {
    ...base,
    status: 'scored',
    reason: `scored ${scored.score.score} → ${scored.score.decision}`,
    score: scored.score,
    reportPath,
    ...(published.commentUrl ? { commentUrl: published.commentUrl } : {}),
    ...(published.checkRunId !== undefined ? { checkRunId: published.checkRunId } : {}),
  };
}
