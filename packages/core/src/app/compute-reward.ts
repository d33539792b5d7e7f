/**
 * compute-reward-batched: scores a session exactly once (mode: session), or every due session of
 * the repository in one run (mode: batch), each isolated from the others' failures. The claim,
 * scoring and publishing of one session live in reward/pipeline.ts; this module picks the sessions.
 */
import { join } from 'node:path';
import { discoverReportArtifacts } from './reward/ci-provider.js';
import type { StateStore } from '../adapters/store/types.js';
import { type SessionConfig, decide, statusAt, type Session, foldSessions, mergeStates, type StreamState, evaluateStream, traceIdForSession } from '@auto-pr-sessions/domain';
import { escapeMarkdown, markdownTable } from '../util/markdown.js';
import { readHandoff } from './handoff.js';
import type { ActionIO, RunEnv } from './ports.js';
import { prepareEvent, streamFromInput } from './prepare.js';
import { readRewardOptions, type RewardOptions } from './reward/inputs.js';
import { scoreTarget, type RewardDeps, type ScoredDetail } from './reward/pipeline.js';
import { scoredSummary, statusTitle } from './reward/render.js';
import { reportsFromInputs } from './reward/reports.js';
import { targetFromPush, targetFromSession } from './reward/targets.js';
import type { RewardTarget, TargetResult, TargetStatus } from './reward/types.js';
import { loadActionConfig, wire } from './setup.js';
import { errorMessage as message } from '../util/errors.js';

/** Streams read per batch run (each costs a state load): bounds the REST budget of a sweep. */
const MAX_STREAMS = 100;

export interface PlanEntry {
  readonly id: string;
  readonly stream: string;
  readonly headSha: string | null;
  readonly prNumbers: readonly number[];
  readonly dueSince: string | null;
}

export type RewardRunStatus = TargetStatus | 'planned';

export interface RewardRunResult {
  readonly mode: RewardOptions['mode'];
  readonly status: RewardRunStatus;
  readonly plan: readonly PlanEntry[];
  readonly results: readonly TargetResult[];
  readonly restCalls: number;
}


/** Why this run's token cannot write to the PR: a pull_request run from a fork gets a read-only token. */
function readOnlyReason(env: RunEnv): string | null {
  if (env.eventName !== 'pull_request') return null;
  const pr = (env.payload as { pull_request?: { head?: { repo?: { full_name?: unknown; fork?: unknown } | null } } }).pull_request;
  const head = pr?.head?.repo;
  if (head === undefined) return null;
  if (head === null || (typeof head.full_name === 'string' && head.full_name !== `${env.owner}/${env.repo}`)) {
    return 'this run is a pull request from a fork, whose token is read-only (use the workflow_run pattern to publish); the score is in the job summary and the reward artifact';
  }
  return null;
}

function planEntry(s: Session): PlanEntry {
  return { id: s.id, stream: s.streamKey, headSha: s.headShas.at(-1) ?? null, prNumbers: s.prNumbers, dueSince: s.completion?.at ?? null };
}

type Pick =
  | { kind: 'target'; target: RewardTarget }
  | { kind: 'skip'; result: TargetResult };

function skip(sessionId: string, streamKey: string | null, status: TargetStatus, reason: string, notices: string[] = []): Pick {
  return { kind: 'skip', result: { sessionId, streamKey, status, reason, traceId: sessionId ? traceIdForSession(sessionId) : '', notices, faults: [] } };
}

async function loadStream(store: StateStore, env: RunEnv, streamKey: string): Promise<{ state: StreamState; warnings: string[] }> {
  const loaded = await store.load(streamKey);
  const handoff = await readHandoff(env.tempDir, env.runId, streamKey);
  return { state: handoff ? mergeStates(loaded.state, handoff) : loaded.state, warnings: [...loaded.warnings] };
}

function checkSession(session: Session, state: StreamState, env: RunEnv, config: SessionConfig, notices: string[]): Pick {
  if (session.scored) return skip(session.id, session.streamKey, 'already-scored', `already scored at ${session.scored.at}${session.scored.runId ? ` by run ${session.scored.runId}` : ''}`, notices);
  if (statusAt(session, env.now, config) !== 'due') return skip(session.id, session.streamKey, 'not-due', decide(session, env.now, config).reason, notices);
  return { kind: 'target', target: targetFromSession(session, state, env.now, config) };
}

/** mode: session — the session named by `session-id`, else the one this run's event belongs to. */
async function pickSessionTarget(d: RewardDeps, config: SessionConfig, io: ActionIO): Promise<Pick> {
  const { env, store } = d;
  const given = d.options.sessionId;
  if (given) {
    const streamKey = streamFromInput(given) ?? given;
    const { state, warnings } = await loadStream(store, env, streamKey);
    const sessions = foldSessions(state, config);
    // a stream key names its oldest due session (handed out or not), else its latest one
    const session = given === streamKey ? (sessions.find((s) => statusAt(s, env.now, config) === 'due') ?? sessions.at(-1)) : sessions.find((s) => s.id === given);
    if (!session) {
      const why = warnings.length > 0 ? ` (the state may be incomplete: ${warnings.join('; ')})` : '';
      return skip(given, streamKey, 'not-due', `no session ${given} in the recorded state of stream ${streamKey}${why}`, warnings);
    }
    return checkSession(session, state, env, config, warnings);
  }
  const prepared = await prepareEvent({ env, config, github: d.github, log: io.log, target: '' });
  if (prepared.kind === 'ignored') return skip('', null, 'not-due', `nothing to score: ${prepared.reason}`);
  if (prepared.kind === 'pass-through') {
    const target = targetFromPush(prepared.event);
    return target ? { kind: 'target', target } : skip('', null, 'not-due', `nothing to score: ${prepared.reason}, and the event names no commit`);
  }
  const { state, warnings } = await loadStream(store, env, prepared.streamKey);
  const session = evaluateStream(state, config, env.now, prepared.event.id).session;
  if (!session) return skip('', prepared.streamKey, 'not-due', `no session recorded yet for stream ${prepared.streamKey}`, warnings);
  return checkSession(session, state, env, config, warnings);
}

function statusSection(title: string, r: TargetResult): string {
  const rows = [['session', r.sessionId || '(none)'], ['status', r.status], ['reason', r.reason]];
  if (r.traceId) rows.push(['trace id', r.traceId]);
  const notes = [...r.notices, ...r.faults];
  return `### ${title}\n\n${markdownTable(['', ''], rows)}${notes.length > 0 ? `\n\n${notes.map((n) => `> ${escapeMarkdown(n)}`).join('\n>\n')}` : ''}\n`;
}

function overallStatus(results: readonly TargetResult[]): TargetStatus {
  const order: TargetStatus[] = ['failed', 'scored', 'claimed-by-other', 'already-scored', 'not-due'];
  for (const s of order) if (results.some((r) => r.status === s)) return s;
  return 'not-due';
}

function setRewardOutputs(io: ActionIO, results: readonly TargetResult[], plan: readonly PlanEntry[], status: RewardRunStatus, single: boolean, env: RunEnv): void {
  const one = single ? results[0] : undefined;
  io.setOutput('status', status);
  io.setOutput('session-id', one?.sessionId ?? '');
  io.setOutput('trace-id', one?.traceId ?? '');
  io.setOutput('reason', one?.reason ?? `${results.length} session${results.length === 1 ? '' : 's'}: ${results.map((r) => `${r.sessionId} ${r.status}`).join(', ') || 'none due'}`);
  io.setOutput('score', one?.score ? String(one.score.score) : '');
  io.setOutput('normalized', one?.score ? String(one.score.normalized) : '');
  io.setOutput('decision', one?.score?.decision ?? '');
  io.setOutput('report-path', single ? (one?.reportPath ?? '') : join(env.tempDir, 'auto-pr-sessions', 'reward'));
  io.setOutput('plan', JSON.stringify(plan));
  io.setOutput('scored-sessions', JSON.stringify(results.filter((r) => r.status === 'scored').map((r) => ({ id: r.sessionId, score: r.score?.score, normalized: r.score?.normalized, decision: r.score?.decision, reportPath: r.reportPath }))));
  io.setOutput('failed-sessions', JSON.stringify(results.filter((r) => r.status === 'failed').map((r) => ({ id: r.sessionId, error: r.reason }))));
}

async function runBatch(d: RewardDeps, config: SessionConfig, io: ActionIO): Promise<{ plan: PlanEntry[]; results: TargetResult[]; status: RewardRunStatus; sections: string[] }> {
  const { env, store, options } = d;
  const sections: string[] = [];
  const streams = (await store.listStreams()).slice(0, MAX_STREAMS);
  const due: Array<{ session: Session; state: StreamState }> = [];
  for (const stream of streams) {
    try {
      const { state, warnings } = await loadStream(store, env, stream);
      for (const w of warnings) io.log.warn(`${stream}: ${w}`);
      for (const s of foldSessions(state, config)) if (!s.scored && statusAt(s, env.now, config) === 'due') due.push({ session: s, state });
    } catch (err) {
      io.log.warn(`stream ${stream} could not be read: ${message(err)}; it is left for a later run`);
    }
  }
  due.sort((a, b) => (a.session.completion?.at ?? a.session.lastActivity).localeCompare(b.session.completion?.at ?? b.session.lastActivity));
  const chosen = due.slice(0, options.maxSessions);
  const plan = chosen.map(({ session }) => planEntry(session));
  if (due.length > chosen.length) io.log.info(`${due.length} sessions are due; this run takes the ${chosen.length} oldest (max-sessions), the next run the rest`);
  const planTable = plan.length > 0 ? markdownTable(['session', 'stream', 'head', 'PRs', 'due since'], plan.map((p) => [p.id, p.stream, p.headSha?.slice(0, 12) ?? '—', p.prNumbers.map((n) => `#${n}`).join(' ') || '—', p.dueSince ?? '—'])) : '_no session is due_';
  if (options.planOnly) {
    sections.push(`### Reward scoring plan (${plan.length} due of ${streams.length} streams)\n\n${planTable}\n`);
    return { plan, results: [], status: 'planned', sections };
  }
  const results: TargetResult[] = [];
  for (const { session, state } of chosen) {
    const target = targetFromSession(session, state, env.now, config);
    try {
      const provider = discoverReportArtifacts(d, target);
      const result = await scoreTarget(d, target, provider, (detail: ScoredDetail) => sections.push(scoredSummary(detail.render, detail.notes)));
      results.push(result);
    } catch (err) {
      // isolation: an unexpected error in one session never stops the others
      results.push({ sessionId: session.id, streamKey: session.streamKey, status: 'failed', reason: `unexpected error: ${message(err)}`, error: message(err), traceId: traceIdForSession(session.id), notices: [], faults: [] });
    }
  }
  const table = markdownTable(['session', 'status', 'score', 'decision', 'reason'], results.map((r) => [r.sessionId, r.status, r.score ? String(r.score.score) : '—', r.score?.decision ?? '—', r.reason]));
  const notes = results.flatMap((r) => [...r.notices, ...r.faults].map((n) => `${r.sessionId}: ${n}`));
  sections.unshift(`### Reward scoring: ${results.filter((r) => r.status === 'scored').length} of ${plan.length} due sessions scored\n\n${results.length > 0 ? table : planTable}${notes.length > 0 ? `\n\n${notes.map((n) => `> ${escapeMarkdown(n)}`).join('\n>\n')}` : ''}\n`);
  return { plan, results, status: results.length > 0 ? overallStatus(results) : 'not-due', sections };
}

export async function runComputeReward(io: ActionIO, env: RunEnv, overrides: { store?: StateStore } = {}): Promise<RewardRunResult> {
  const options = await readRewardOptions(io, env);
  const config = await loadActionConfig(io, env);
  const { github, store, restCalls } = wire(io, env, config, overrides);
  const token = io.getInput('token') || process.env['GITHUB_TOKEN'] || '';
  const server = process.env['GITHUB_SERVER_URL'] || 'https://github.com';
  const d: RewardDeps = {
    env,
    options,
    github,
    token,
    store,
    log: io.log,
    readOnly: readOnlyReason(env),
    runUrl: env.runId !== '0' ? `${server}/${env.owner}/${env.repo}/actions/runs/${env.runId}` : '',
  };
  if (d.readOnly) io.log.info(`read-only run: ${d.readOnly}`);

  let plan: PlanEntry[] = [];
  let results: TargetResult[];
  let status: RewardRunStatus;
  const sections: string[] = [];
  if (options.mode === 'batch') {
    const batch = await runBatch(d, config, io);
    plan = batch.plan;
    results = batch.results;
    status = batch.status;
    sections.push(...batch.sections);
  } else {
    const pick = await pickSessionTarget(d, config, io);
    let result: TargetResult;
    if (pick.kind === 'skip') result = pick.result;
    else {
      const t = pick.target;
      if (t.streamKey) plan = [{ id: t.sessionId, stream: t.streamKey, headSha: t.headSha, prNumbers: t.prNumbers, dueSince: null }];
      result = await scoreTarget(d, t, { collect: () => reportsFromInputs(env.workspace, options.reports) }, (detail) => sections.push(scoredSummary(detail.render, detail.notes)));
    }
    results = [result];
    status = result.status;
    if (result.status !== 'scored') sections.push(statusSection(statusTitle(result.status), result));
  }

  for (const r of results) {
    const line = `${r.sessionId || 'reward'}: ${r.status} — ${r.reason}`;
    if (r.status === 'failed') io.log.warn(line);
    else io.log.info(line);
    for (const n of r.notices) io.log.info(`${r.sessionId}: ${n}`);
    for (const f of r.faults) io.log.warn(`${r.sessionId}: ${f}`);
  }
  setRewardOutputs(io, results, plan, status, options.mode === 'session', env);
  await io.appendSummary(sections.join('\n'));

  const errors = results.filter((r) => r.error !== undefined);
  if (errors.length > 0) {
    const what = errors.map((r) => `${r.sessionId}: ${r.error}`).join('; ');
    throw new Error(options.mode === 'batch' ? `${errors.length} of ${results.length} sessions could not be scored (the others were): ${what}` : what);
  }
  const faults = results.flatMap((r) => r.faults.map((f) => `${r.sessionId}: ${f}`));
  if (faults.length > 0 && options.failOnError) throw new Error(`infrastructure faults (fail-on-error is on): ${faults.join('; ')}`);
  return { mode: options.mode, status, plan, results, restCalls: restCalls() };
}
