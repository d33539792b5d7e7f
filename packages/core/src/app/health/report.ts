import { escapeMarkdown, markdownTable } from '../../util/markdown.js';
import type { AlertOutcome } from './alert.js';
import type { HealthFindingKind } from './classify.js';
import type { Check, HealthStatus } from './status.js';

export type ActionResult = 'dispatched' | 'handed-to-batch' | 'reported' | 'closed-out' | 'rebuilt' | 'skipped-budget' | 'failed';

export interface ActionRecord {
  readonly kind: HealthFindingKind | 'corrupted-state';
  readonly sessionId: string | null;
  readonly streamKey: string;
  readonly branch: string | null;
  readonly reason: string;
  readonly result: ActionResult;
  readonly detail: string;
}

/** health-report.json: what one sweep saw and did. */
export interface HealthReport {
  readonly schemaVersion: 1;
  readonly generatedAt: string;
  readonly repository: string;
  readonly runId: string;
  readonly status: HealthStatus;
  readonly alerts: readonly string[];
  readonly checks: readonly Check[];
  readonly scoringMode: string;
  readonly sessions: { readonly total: number; readonly byStatus: Readonly<Record<string, number>> };
  readonly sweep: {
    readonly streamsKnown: number;
    readonly streamsReadThisRun: number;
    readonly streamsStale: number;
    readonly indexSource: string;
    readonly artifactPages: number;
    readonly cachePages: number;
    readonly listingComplete: boolean;
    readonly unreadable: ReadonlyArray<{ readonly streamKey: string; readonly problem: string; readonly rebuilt: boolean }>;
    /** Streams with state caches but no readable artifact: their state is invisible to the sweep. */
    readonly cacheOnly: readonly string[];
  };
  readonly actions: readonly ActionRecord[];
  /** Sessions handed to scoring and still within handoff_retry_minutes. */
  readonly waiting: ReadonlyArray<{ readonly sessionId: string; readonly reason: string }>;
  readonly cache: { readonly usageBytes: number | null; readonly count: number | null; readonly capBytes: number };
  readonly budget: { readonly limit: number; readonly used: number; readonly exhausted: boolean; readonly skipped: readonly string[] };
  readonly alertIssue: AlertOutcome | null;
  readonly warnings: readonly string[];
}

const EMOJI: Record<HealthStatus, string> = { healthy: '🟢', degraded: '🟡', unhealthy: '🔴' };

function checksTable(checks: readonly Check[]): string {
  return markdownTable(['Check', 'Value', 'Threshold', 'Level'], checks.map((c) => [c.name, c.value, c.threshold, c.level]));
}

function actionsTable(actions: readonly ActionRecord[], limit: number): string {
  if (actions.length === 0) return 'No session needed action.';
  const rows = actions.slice(0, limit).map((a) => [a.kind, a.sessionId ?? a.streamKey, a.result, a.reason, a.detail]);
  const more = actions.length > limit ? `\n\n… and ${actions.length - limit} more in health-report.json.` : '';
  return markdownTable(['Finding', 'Session', 'Result', 'Reason', 'Detail'], rows) + more;
}

/** The job summary's health section. */
export function healthMarkdown(r: HealthReport): string {
  const out: string[] = [];
  out.push(`### ${EMOJI[r.status]} Auto-PR session health: ${r.status}`, '');
  out.push(
    `Swept ${r.sweep.streamsKnown} streams (${r.sessions.total} sessions) at ${r.generatedAt}: ${r.sweep.streamsReadThisRun} read in this run, ` +
      `${r.sweep.streamsStale} left for the next run; ${r.sweep.indexSource === 'none' ? 'no index of an earlier sweep (everything listed afresh)' : `index of the previous sweep from ${escapeMarkdown(r.sweep.indexSource)}`}; ${r.budget.used} of ${r.budget.limit} REST calls used.`,
    '',
  );
  if (r.alerts.length > 0) out.push('**Alerts**', '', ...r.alerts.map((a) => `- ${a}`), '');
  out.push(checksTable(r.checks), '');
  out.push('#### Actions', '', actionsTable(r.actions, 30), '');
  if (r.waiting.length > 0) out.push(`${r.waiting.length} sessions are handed to scoring and waiting for their score.`, '');
  if (r.sweep.unreadable.length > 0) {
    out.push('#### Unreadable state', '', markdownTable(['Stream', 'Problem', 'Rebuilt'], r.sweep.unreadable.map((u) => [u.streamKey, u.problem, u.rebuilt ? 'yes' : 'no'])), '');
  }
  if (r.sweep.cacheOnly.length > 0) {
    out.push(`Streams with state caches but no state artifact (unreadable from this run's scope; the next run on their branch rewrites the artifact): ${r.sweep.cacheOnly.slice(0, 20).map((s) => `\`${s.replace(/`/g, '')}\``).join(', ')}`, '');
  }
  if (r.budget.exhausted) out.push(`> Request budget reached: ${escapeMarkdown(r.budget.skipped.join('; '))}. Raise \`request-budget\` to cover more per run.`, '');
  if (r.alertIssue && r.alertIssue.action !== 'none') {
    const a = r.alertIssue;
    out.push(a.action === 'failed' ? `> Alert issue: ${escapeMarkdown(a.error)}` : `Alert issue #${a.number}: ${a.action}.`, '');
  }
  for (const w of r.warnings.slice(0, 20)) out.push(`> ${escapeMarkdown(w)}`);
  return out.join('\n');
}

/** The alert issue's body: status, checks, alerts and the orphaned sessions (first 10). */
export function alertBody(r: HealthReport, runUrl: string | null): string {
  const orphans = r.actions.filter((a) => a.kind === 'orphaned' || a.kind === 'stuck' || a.kind === 'scoring-failed').slice(0, 10);
  return [
    `## ${EMOJI[r.status]} Auto-PR session health: **${r.status}**`,
    '',
    `Last checked ${r.generatedAt}${runUrl ? ` by [this run](${runUrl})` : ''}. This issue is updated in place by every sweep while the problem lasts and closed automatically once the sessions are healthy again.`,
    '',
    '### Alerts',
    '',
    ...(r.alerts.length > 0 ? r.alerts.map((a) => `- ${a}`) : ['- none']),
    '',
    '### Checks',
    '',
    checksTable(r.checks),
    '',
    `### Sessions closed out in this sweep (first 10)`,
    '',
    ...(orphans.length > 0 ? orphans.map((o) => `- \`${(o.sessionId ?? o.streamKey).replace(/`/g, '')}\`: ${escapeMarkdown(o.reason)}`) : ['- none in this sweep']),
    '',
    `Sessions: ${r.sessions.total} (${Object.entries(r.sessions.byStatus).map(([k, v]) => `${v} ${k}`).join(', ')}).`,
  ].join('\n');
}
