import { escapeMarkdown, markdownTable } from '../util/markdown.js';
import { formatMinutes, formatRate, formatScale, formatScore } from './metrics.js';
import type { AnalyticsReport } from './types.js';

/** A label inside a mermaid double-quoted string: no quotes, brackets or line breaks. */
function mermaidLabel(text: string): string {
  return text.replace(/["[\]{}<>#;\r\n`]/g, ' ').slice(0, 40);
}

function barChart(title: string, labels: readonly string[], values: readonly number[], yLabel: string): string {
  const top = Math.max(1, ...values);
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${mermaidLabel(title)}"`,
    `    x-axis [${labels.map((l) => `"${mermaidLabel(l)}"`).join(', ')}]`,
    `    y-axis "${mermaidLabel(yLabel)}" 0 --> ${top}`,
    `    bar [${values.join(', ')}]`,
    '```',
  ].join('\n');
}

function pieChart(title: string, slices: ReadonlyArray<readonly [string, number]>): string {
  return ['```mermaid', `pie title ${mermaidLabel(title)}`, ...slices.map(([l, v]) => `    "${mermaidLabel(l)}" : ${v}`), '```'].join('\n');
}

const num = (n: number | null, digits = 1): string => (n === null ? '—' : n.toFixed(digits));

/**
 * The analytics as GitHub-flavoured Markdown for a job summary: tables (every untrusted cell escaped)
 * and mermaid charts, which GitHub renders. Sections follow the original report.
 */
export function analyticsMarkdown(r: AnalyticsReport, opts: { heading?: string } = {}): string {
  const s = r.summary;
  const out: string[] = [];
  out.push(`${opts.heading ?? '###'} Auto-PR session analytics`, '');
  out.push(`Generated ${r.generatedAt} for ${escapeMarkdown(r.repository)}.`);
  if (r.coverage.streamsStale > 0 || r.coverage.streamsUnreadable > 0) {
    out.push('', `> ${r.coverage.streamsRead} of ${r.coverage.streams} streams read; ${r.coverage.streamsStale} not read in this run (request budget), ${r.coverage.streamsUnreadable} unreadable.`);
  }
  out.push('');
  if (s.totalSessions === 0) {
    out.push('No sessions to analyze.', '');
    return out.join('\n');
  }
  out.push(
    markdownTable(
      ['Total sessions', 'Active now', 'Waiting for a score', 'Avg duration', 'Completion rate', 'Avg pushes / session', 'Avg PRs / session', 'Avg score'],
      [[String(s.totalSessions), String(s.activeNow), String(s.waitingForScore), formatMinutes(s.avgDurationMinutes), formatRate(s.completionRate), num(s.avgPushesPerSession), num(s.avgPrsPerSession), formatScore(s.avgScore)]],
    ),
    '',
  );
  const scale = formatScale(r.scoreScale);
  if (scale !== null) out.push(`Scores: ${scale}.`, '');
  const sc = r.scoring;
  out.push(
    `**Scoring runs**: ${sc.scoringRuns} for ${sc.sessions} completed sessions instead of ${sc.runsWithoutSuite} (one per push): ${sc.runsSaved} saved (${sc.savedPercent}%). ` +
      `**CI minutes saved**: ${r.ciMinutes.saved} (${escapeMarkdown(r.ciMinutes.note)}).`,
    '',
  );
  // The same days as analytics.json and the dashboard (from the first session's day, at most 30).
  const days = r.sessionsPerDay;
  out.push('#### Sessions per day', '', barChart('Sessions started per day (UTC)', days.map((d) => d.date.slice(5)), days.map((d) => d.started), 'sessions'), '');
  out.push('#### Duration distribution', '', barChart('Completed sessions by duration (minutes)', r.durationDistribution.map((b) => b.range), r.durationDistribution.map((b) => b.count), 'sessions'), '');
  out.push(markdownTable(['Range (min)', 'Count'], r.durationDistribution.map((b) => [b.range, String(b.count)])), '');
  out.push('#### Completion triggers', '');
  if (r.completionTriggers.length > 0) {
    out.push(pieChart('Completion triggers', r.completionTriggers.map((t) => [`${t.trigger}: ${t.count}`, t.count] as const)), '');
    out.push(markdownTable(['Trigger', 'Count', 'Percentage'], r.completionTriggers.map((t) => [t.trigger, String(t.count), `${t.percentage.toFixed(1)}%`])), '');
  } else out.push('No session has completed yet.', '');
  out.push('#### Authors', '');
  out.push(
    markdownTable(
      ['Author', 'Sessions', 'Total PRs', 'Avg PRs/Session', 'Pushes', 'Avg Score', 'Trend', 'Avg Duration'],
      r.authors.slice(0, 25).map((a) => [
        a.author, String(a.sessions), String(a.prs), num(a.avgPrsPerSession), String(a.pushes), formatScore(a.avgScore),
        a.trend === null ? '—' : `${a.trend} (${formatScore(a.trendDelta)})`, formatMinutes(a.avgDurationMinutes),
      ]),
    ),
    '',
  );
  if (r.authors.length > 25) out.push(`… and ${r.authors.length - 25} more authors in analytics.json.`, '');
  if (r.activeSessions.length > 0) {
    out.push(`#### Sessions not scored yet (${s.activeNow} active, ${s.waitingForScore} waiting for a score)`, '');
    out.push(
      markdownTable(
        ['Session', 'Badge', 'Author', 'Pushes', 'Idle', 'Elapsed'],
        r.activeSessions.slice(0, 20).map((a) => [a.sessionId, a.status === 'due' ? 'due (waiting for score)' : a.badge, a.author, String(a.pushes), formatMinutes(a.idleMinutes), formatMinutes(a.elapsedMinutes)]),
      ),
      '',
    );
  }
  if (r.recentlyCompleted.length > 0) {
    out.push('#### Recently completed', '');
    out.push(
      markdownTable(
        ['Session', 'Status', 'Trigger', 'Pushes', 'Duration', 'Score', 'Decision'],
        r.recentlyCompleted.map((c) => [c.sessionId, c.status, c.trigger, String(c.pushes), formatMinutes(c.durationMinutes), formatScore(c.score), c.decision ?? '—']),
      ),
      '',
    );
  }
  return out.join('\n');
}
