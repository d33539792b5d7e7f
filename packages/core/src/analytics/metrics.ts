import { type SessionConfig, minutesBetween, type StreamState } from '@auto-pr-sessions/domain';
import type { SessionFacts } from './facts.js';
import { allFacts } from './facts.js';
import type { ScoreScale } from './scores.js';
import type {
  ActiveSession,
  ActivityBadge,
  AnalyticsCoverage,
  AnalyticsReport,
  AuthorStats,
  Bucket,
  CiMinutes,
  CompletedSession,
  DayCount,
  ScoringRuns,
  TriggerCount,
} from './types.js';
import { ANALYTICS_SCHEMA_VERSION } from './types.js';

export interface RunDuration {
  readonly runId: string;
  readonly minutes: number;
}

export interface AnalyticsInput {
  readonly states: readonly StreamState[];
  readonly config: SessionConfig;
  readonly now: string;
  /** owner/name, or a label such as `local state`. */
  readonly repository: string;
  /** e.g. https://github.com; with `repository` and `scoringWorkflow` it gives the dispatch form's URL. */
  readonly serverUrl?: string;
  /** Scoring workflow file (reward.yml) for the complete link and command. */
  readonly scoringWorkflow?: string;
  /** Durations of scoring workflow runs, when known (from the REST run list). */
  readonly runDurations?: readonly RunDuration[];
  /** Minutes of one scoring run when no duration is known. Default 10. */
  readonly assumedScoringMinutes?: number;
  /** At most this many days in sessionsPerDay (from the first session's day, at least 7), ending today. Default 30. */
  readonly days?: number;
  /** Length of recentlyCompleted. Default 10. */
  readonly recentLimit?: number;
  readonly coverage?: Partial<AnalyticsCoverage>;
}

export const DURATION_BUCKETS: ReadonlyArray<readonly [string, number, number | null]> = [
  ['0-30', 0, 30],
  ['30-60', 30, 60],
  ['60-90', 60, 90],
  ['90+', 90, null],
];

const PUSH_BUCKETS: ReadonlyArray<readonly [string, number, number | null]> = [
  ['1', 1, 2],
  ['2-3', 2, 4],
  ['4-7', 4, 8],
  ['8-15', 8, 16],
  ['16+', 16, null],
];

const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const roundOrNull = (n: number | null, digits = 2): number | null => (n === null ? null : round(n, digits));

/** Nearest-rank quantile of a non-empty list. */
function quantile(xs: readonly number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * s.length));
  return s[rank - 1] ?? null;
}

function buckets(values: readonly number[], spec: ReadonlyArray<readonly [string, number, number | null]>): Bucket[] {
  return spec.map(([range, min, max]) => ({ range, min, max, count: values.filter((v) => v >= min && (max === null || v < max)).length }));
}

const day = (iso: string): string => iso.slice(0, 10);

/** Days shown: from the first session's day (at least MIN_DAYS, at most `max`), ending today. */
const MIN_DAYS = 7;

function perDay(facts: readonly SessionFacts[], now: string, max: number): DayCount[] {
  const out: DayCount[] = [];
  const end = Date.parse(`${day(now)}T00:00:00.000Z`);
  const first = facts.reduce<string | null>((m, f) => (m === null || f.session.firstActivity < m ? f.session.firstActivity : m), null);
  const span = first === null ? 0 : Math.floor((end - Date.parse(`${day(first)}T00:00:00.000Z`)) / 86_400_000) + 1;
  const days = Math.max(1, Math.min(max, Math.max(MIN_DAYS, span)));
  const index = new Map<string, { started: number; ended: number; pushes: number }>();
  for (let i = days - 1; i >= 0; i--) {
    const d = day(new Date(end - i * 86_400_000).toISOString());
    index.set(d, { started: 0, ended: 0, pushes: 0 });
  }
  for (const f of facts) {
    const s = index.get(day(f.session.firstActivity));
    if (s) {
      s.started += 1;
      s.pushes += f.session.pushes;
    }
    const e = f.endedAt ? index.get(day(f.endedAt)) : undefined;
    if (e) e.ended += 1;
  }
  for (const [date, c] of index) out.push({ date, ...c });
  return out;
}

function badgeOf(idleMinutes: number, status: string, config: SessionConfig): ActivityBadge {
  if (status === 'due' || idleMinutes > config.timeout_minutes) return 'idle';
  if (idleMinutes > config.idle_warning_minutes) return 'warning';
  return 'active';
}

/** A shell word for POSIX shells: untrusted names cannot break out of single quotes. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9._\-/:=@]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function completeCommand(f: SessionFacts, workflow: string | undefined, repository: string): string | null {
  if (!workflow) return null;
  const repo = /^[^/\s]+\/[^/\s]+$/.test(repository) ? ` --repo ${shellQuote(repository)}` : '';
  const ref = f.branch ? ` --ref ${shellQuote(f.branch)}` : '';
  return `gh workflow run ${shellQuote(workflow)}${repo}${ref} -f session-id=${shellQuote(f.session.id)} -f complete=true`;
}

function authorStats(facts: readonly SessionFacts[]): AuthorStats[] {
  const by = new Map<string, SessionFacts[]>();
  for (const f of facts) by.set(f.author, [...(by.get(f.author) ?? []), f]);
  const rows: AuthorStats[] = [];
  for (const [author, list] of by) {
    const prs = new Set(list.flatMap((f) => f.session.prNumbers));
    const completed = list.filter((f) => f.status === 'scored' || f.status === 'due');
    const scores = list
      .filter((f) => f.score?.score !== null && f.score?.score !== undefined)
      .map((f) => ({ sessionId: f.session.id, at: f.score?.at ?? f.session.lastActivity, score: f.score?.score ?? 0 }))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    let trendDelta: number | null = null;
    if (scores.length >= 2) {
      const half = Math.floor(scores.length / 2);
      const early = mean(scores.slice(0, half).map((s) => s.score)) ?? 0;
      const late = mean(scores.slice(scores.length - half).map((s) => s.score)) ?? 0;
      trendDelta = round(late - early);
    }
    rows.push({
      author,
      sessions: list.length,
      pushes: list.reduce((n, f) => n + f.session.pushes, 0),
      prs: prs.size,
      avgPrsPerSession: round(list.reduce((n, f) => n + f.session.prNumbers.length, 0) / list.length),
      avgPushesPerSession: round(list.reduce((n, f) => n + f.session.pushes, 0) / list.length),
      scoredSessions: list.filter((f) => f.status === 'scored').length,
      avgScore: roundOrNull(mean(scores.map((s) => s.score))),
      avgDurationMinutes: roundOrNull(mean(completed.map((f) => f.durationMinutes)), 1),
      lastActivity: list.map((f) => f.session.lastActivity).sort().at(-1) ?? '',
      scores,
      trendDelta,
      trend: trendDelta === null ? null : trendDelta > 0.5 ? 'up' : trendDelta < -0.5 ? 'down' : 'flat',
    });
  }
  return rows.sort((a, b) => b.sessions - a.sessions || (a.author < b.author ? -1 : 1));
}

function ciMinutes(input: AnalyticsInput, facts: readonly SessionFacts[], saved: number): CiMinutes {
  const durations = (input.runDurations ?? []).filter((d) => Number.isFinite(d.minutes) && d.minutes >= 0);
  const scoringRunIds = new Set(facts.map((f) => f.score?.runId).filter((id): id is string => typeof id === 'string'));
  const ofScoring = durations.filter((d) => scoringRunIds.has(d.runId));
  const sample = ofScoring.length > 0 ? ofScoring : durations;
  if (sample.length > 0) {
    const per = round(mean(sample.map((d) => d.minutes)) ?? 0, 1);
    const which = ofScoring.length > 0 ? 'runs that recorded a score' : 'completed runs of the scoring workflow (some may have skipped scoring, so this is a lower bound)';
    return {
      perScoringRunMinutes: per,
      source: 'measured',
      sampleRuns: sample.length,
      saved: round(per * saved, 1),
      note: `measured: mean duration of ${sample.length} ${which}, ${per} min; saved = runs saved × that mean`,
    };
  }
  const per = input.assumedScoringMinutes ?? 10;
  return {
    perScoringRunMinutes: per,
    source: 'assumed',
    sampleRuns: 0,
    saved: round(per * saved, 1),
    note: `assumed: no scoring run duration was known, so one scoring run is taken as ${per} min (set scoring-run-minutes); saved = runs saved × ${per}`,
  };
}

function triggerCounts(ended: readonly SessionFacts[]): TriggerCount[] {
  const counts = new Map<string, number>();
  for (const f of ended) counts.set(f.trigger ?? 'unknown', (counts.get(f.trigger ?? 'unknown') ?? 0) + 1);
  const total = ended.length;
  return [...counts.entries()]
    .map(([trigger, count]) => ({ trigger, count, percentage: total === 0 ? 0 : round((count / total) * 100, 1) }))
    .sort((a, b) => b.count - a.count || (a.trigger < b.trigger ? -1 : 1));
}

function newestScale(facts: readonly SessionFacts[]): ScoreScale | null {
  let best: { at: string; scale: ScoreScale } | null = null;
  for (const f of facts) if (f.score?.scale && (best === null || f.score.at > best.at)) best = { at: f.score.at, scale: f.score.scale };
  return best?.scale ?? null;
}

/** Every metric of analytics.json, from session states alone. Pure: time comes from `now`. */
export function computeAnalytics(input: AnalyticsInput): AnalyticsReport {
  const { config, now } = input;
  const facts = allFacts(input.states, config, now);
  const total = facts.length;
  const count = (s: string) => facts.filter((f) => f.status === s).length;
  const completed = facts.filter((f) => f.status === 'scored' || f.status === 'due');
  const ended = facts.filter((f) => f.status === 'scored' || f.status === 'due' || f.status === 'abandoned');
  const durations = completed.map((f) => f.durationMinutes);
  const pushes = facts.map((f) => f.session.pushes);
  const prs = facts.map((f) => f.session.prNumbers.length);
  const scored = facts.filter((f) => typeof f.score?.score === 'number');
  const runsWithoutSuite = completed.reduce((n, f) => n + f.session.pushes, 0);
  const runsSaved = Math.max(0, runsWithoutSuite - completed.length);
  const scoring: ScoringRuns = {
    sessions: completed.length,
    runsWithoutSuite,
    scoringRuns: completed.length,
    runsSaved,
    savedPercent: runsWithoutSuite === 0 ? 0 : round((runsSaved / runsWithoutSuite) * 100, 1),
    handOffs: facts.reduce((n, f) => n + f.handOffs.length, 0),
  };
  const workflowUrl =
    input.scoringWorkflow && input.serverUrl && /^[^/\s]+\/[^/\s]+$/.test(input.repository)
      ? `${input.serverUrl.replace(/\/$/, '')}/${input.repository}/actions/workflows/${encodeURIComponent(input.scoringWorkflow)}`
      : null;

  const active: ActiveSession[] = facts
    .filter((f) => f.status === 'active' || f.status === 'idle-warning' || f.status === 'due')
    .sort((a, b) => (a.session.lastActivity < b.session.lastActivity ? 1 : -1))
    .map((f) => {
      const idle = minutesBetween(f.session.lastActivity, now);
      const running = f.status !== 'due';
      return {
        sessionId: f.session.id,
        streamKey: f.session.streamKey,
        status: f.status,
        badge: badgeOf(idle, f.status, config),
        author: f.author,
        branch: f.branch,
        pushes: f.session.pushes,
        prNumbers: f.session.prNumbers,
        firstActivity: f.session.firstActivity,
        lastActivity: f.session.lastActivity,
        idleMinutes: idle,
        elapsedMinutes: minutesBetween(f.session.firstActivity, now),
        dueAt: running && config.enable_timeout_completion ? new Date(Date.parse(f.session.lastActivity) + config.timeout_minutes * 60_000).toISOString() : null,
        completeCommand: running ? completeCommand(f, input.scoringWorkflow, input.repository) : null,
      };
    });

  // A due session is listed once: with the sessions not scored yet (activeSessions), not here.
  const recent: CompletedSession[] = ended
    .filter((f) => f.endedAt !== null && f.status !== 'due')
    .sort((a, b) => ((a.endedAt ?? '') < (b.endedAt ?? '') ? 1 : (a.endedAt ?? '') > (b.endedAt ?? '') ? -1 : a.session.id < b.session.id ? -1 : 1))
    .slice(0, input.recentLimit ?? 10)
    .map((f) => ({
      sessionId: f.session.id,
      streamKey: f.session.streamKey,
      status: f.status,
      author: f.author,
      branch: f.branch,
      pushes: f.session.pushes,
      prNumbers: f.session.prNumbers,
      durationMinutes: f.durationMinutes,
      trigger: f.trigger ?? 'unknown',
      completedAt: f.endedAt ?? '',
      score: f.score?.score ?? null,
      decision: f.score?.decision ?? null,
      reason: f.closeOut?.reason ?? null,
    }));

  const streams = input.coverage?.streams ?? input.states.length;
  return {
    schemaVersion: ANALYTICS_SCHEMA_VERSION,
    generatedAt: now,
    repository: input.repository,
    config: { scope: config.scope, timeoutMinutes: config.timeout_minutes, idleWarningMinutes: config.idle_warning_minutes },
    links: { scoringWorkflowUrl: workflowUrl, scoringWorkflow: input.scoringWorkflow ?? null },
    coverage: {
      streams,
      streamsRead: input.coverage?.streamsRead ?? input.states.length,
      streamsStale: input.coverage?.streamsStale ?? 0,
      streamsUnreadable: input.coverage?.streamsUnreadable ?? 0,
    },
    summary: {
      totalSessions: total,
      activeNow: count('active') + count('idle-warning'),
      idleWarning: count('idle-warning'),
      waitingForScore: count('due'),
      scored: count('scored'),
      abandoned: count('abandoned'),
      completed: completed.length,
      completionRate: total === 0 ? null : round(completed.length / total, 4),
      totalPushes: pushes.reduce((a, b) => a + b, 0),
      avgPushesPerSession: round(mean(pushes) ?? 0),
      avgPrsPerSession: round(mean(prs) ?? 0),
      avgDurationMinutes: roundOrNull(mean(durations), 1),
      medianDurationMinutes: quantile(durations, 0.5),
      p90DurationMinutes: quantile(durations, 0.9),
      avgScore: roundOrNull(mean(scored.map((f) => f.score?.score ?? 0))),
    },
    scoreScale: newestScale(facts),
    sessionsPerDay: perDay(facts, now, input.days ?? 30),
    pushesPerSession: { avg: round(mean(pushes) ?? 0), median: quantile(pushes, 0.5) ?? 0, max: pushes.reduce((a, b) => Math.max(a, b), 0), distribution: buckets(pushes, PUSH_BUCKETS) },
    prsPerSession: { avg: round(mean(prs) ?? 0), max: prs.reduce((a, b) => Math.max(a, b), 0) },
    durationDistribution: buckets(durations, DURATION_BUCKETS),
    completionTriggers: triggerCounts(ended),
    authors: authorStats(facts),
    scoring,
    ciMinutes: ciMinutes(input, facts, runsSaved),
    activeSessions: active,
    recentlyCompleted: recent,
  };
}

/** `42m`, `1h 5m` (the original dashboard's format); `—` for null. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  const m = Math.round(minutes);
  if (m < 60) return `${m}m`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** `75.0%` from a 0..1 rate; `—` when there is nothing to rate. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** A score as the comment writes it: `+4.5`, `−1.5`, `0` (two decimals at most); `—` for none. */
export function formatScore(score: number | null): string {
  if (score === null) return '—';
  const v = Math.round(score * 100) / 100 + 0;
  return v > 0 ? `+${v}` : v < 0 ? `−${Math.abs(v)}` : '0';
}

/** "scale −10 to +9 · APPROVE above +3 · BLOCK below −3 · REQUEST_CHANGES between", or null when no score recorded its scale. */
export function formatScale(scale: ScoreScale | null): string | null {
  if (scale === null) return null;
  return `scale ${formatScore(scale.min)} to ${formatScore(scale.max)} · APPROVE above ${formatScore(scale.approveAbove)} · BLOCK below ${formatScore(scale.blockBelow)} · REQUEST_CHANGES between`;
}
