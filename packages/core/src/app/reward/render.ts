/**
 * Text the action publishes: the sticky PR comment, the check run output and annotations, the job
 * summary and reward.json. Every piece of untrusted text (PR titles, branch names, logins, commit
 * messages, finding and test messages, an external scorer's reasons) goes through util/markdown.ts.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { CheckAnnotation } from '../../adapters/github/check-run.js';
import { buildContext } from '@auto-pr-sessions/scoring';
import { findingTreatment } from '@auto-pr-sessions/scoring';
import { DEFAULT_RUBRIC } from '@auto-pr-sessions/scoring';
import type { Rubric } from '@auto-pr-sessions/scoring';
import { bandsText, signedScore } from '@auto-pr-sessions/scoring';
import type { ScoringInputs } from '@auto-pr-sessions/scoring';
import { escapeMarkdown, markdownTable } from '../../util/markdown.js';
import type { PullInfo, RewardScore, RewardTarget } from './types.js';

const cap = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const signed = signedScore;
const pct = (r: { covered: number; total: number; pct: number | null }): string => (r.pct === null ? 'n/a' : `${r.pct}% (${r.covered}/${r.total})`);

export function conclusionOf(decision: RewardScore['decision']): 'success' | 'neutral' | 'failure' {
  return decision === 'APPROVE' ? 'success' : decision === 'BLOCK' ? 'failure' : 'neutral';
}

function testsLine(s: RewardScore): string {
  const t = s.builtin.tests;
  if (!s.builtin.evaluated.tests) return 'no test report';
  if (t.total === 0) return '0 tests: the test report holds none';
  return `${t.total} total, ${t.passed} passed, ${t.failed} failed, ${t.errored} errored, ${t.skipped} skipped${t.flaky ? ` (${t.flaky} of the passed ${t.flaky === 1 ? 'is' : 'are'} flaky: passed on a re-run)` : ''}`;
}

function coverageLine(s: RewardScore): string {
  const b = s.builtin;
  if (!b.evaluated.coverage) return 'no coverage report';
  return `lines ${pct(b.coverage.lines)}${b.evaluated.changedLines ? `, changed lines ${pct(b.coverage.changedLines)}` : ''}`;
}

function findingsLine(s: RewardScore): string {
  const b = s.builtin;
  if (!b.evaluated.findings) return 'no SARIF report';
  const parts = Object.entries(b.findings.bySeverity).filter(([, n]) => n > 0).map(([sev, n]) => `${n} ${sev}`);
  return `${b.findings.total}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Failed and errored tests, critical and high SARIF findings. `counted` says how the score treats
 * it: `failing_ci` (tests) and `security` (security findings in the change) lower the score and are
 * the blocking findings; the others are shown to fix, and the breakdown's 0-point security lines
 * say why they are not scored.
 */
export interface BlockingItem {
  readonly kind: 'test' | 'finding';
  readonly severity: string;
  readonly title: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly counted: 'failing_ci' | 'security' | 'not-security' | 'outside-change';
}

const isBlocking = (i: BlockingItem): boolean => i.counted === 'failing_ci' || i.counted === 'security';

/**
 * A repository-relative path for an annotation. Reports from CI often hold absolute paths of
 * another machine: a path inside the workspace is made relative, and an absolute path that ends
 * with a file of the change (`…/src/cache.js` for `src/cache.js`) becomes that file.
 */
export function repoPath(file: string, workspace: string, changed: readonly string[] = []): string {
  let p = file.replace(/^file:\/\//, '');
  if (isAbsolute(p) && (p === workspace || p.startsWith(`${workspace}${sep}`))) p = relative(workspace, p);
  p = p.split(sep).join('/');
  if (p.startsWith('/')) {
    const match = [...changed].sort((a, b) => b.length - a.length).find((c) => p.endsWith(`/${c}`));
    if (match) return match;
  }
  return p.replace(/^\/+/, '').replace(/^\.\//, '');
}

export function blockingItems(inputs: ScoringInputs, workspace: string, rubric: Rubric = DEFAULT_RUBRIC): BlockingItem[] {
  const out: BlockingItem[] = [];
  const changed = inputs.diff?.files.map((f) => f.path) ?? [];
  const where = (file: string | undefined) => (file ? { file: repoPath(file, workspace, changed) } : {});
  for (const f of inputs.tests?.failures ?? []) {
    out.push({ kind: 'test', severity: f.kind === 'error' ? 'error' : 'failure', title: cap(`${f.suite} › ${f.name}`, 250), message: cap(f.message || `test ${f.kind}`, 2000), ...where(f.file), ...(f.line ? { line: f.line } : {}), counted: 'failing_ci' });
  }
  const treat = findingTreatment(buildContext(inputs, rubric));
  for (const f of inputs.findings ?? []) {
    if (f.severity !== 'critical' && f.severity !== 'high') continue;
    const t = treat(f);
    out.push({ kind: 'finding', severity: f.severity, title: cap(`${f.tool} ${f.ruleId}`, 250), message: cap(f.message, 2000), ...where(f.file), ...(f.line ? { line: f.line } : {}), counted: t === 'scored' ? 'security' : t });
  }
  return out;
}

/** Drops control characters (keeping newlines and tabs when `keepLines`). */
function stripControls(text: string, keepLines: boolean): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c >= 0x20 || (keepLines && (ch === '\n' || ch === '\t' || ch === '\r'))) out += ch;
    else out += keepLines ? '' : ' ';
  }
  return out;
}

/** Check-run annotations for the blocking items that name a file (annotations need a path). */
export function annotationsFor(items: readonly BlockingItem[]): CheckAnnotation[] {
  return items
    .filter((i) => i.file)
    .map((i) => ({
      path: i.file as string,
      start_line: i.line ?? 1,
      end_line: i.line ?? 1,
      // Only what lowers the score fails the check; the rest is a warning to fix.
      annotation_level: isBlocking(i) ? ('failure' as const) : ('warning' as const),
      // annotations render as plain text; control characters are still stripped
      message: stripControls(i.message, true),
      title: stripControls(i.title, false),
    }));
}

function breakdownTable(s: RewardScore): string {
  const rows = s.breakdown.map((l) => [l.category, signed(l.points), cap(l.reason, 300) + (l.evidence.length > 0 ? ` [${l.evidence.slice(0, 3).map((e) => cap(e, 120)).join('; ')}${l.evidence.length > 3 ? '; …' : ''}]` : '')]);
  return rows.length > 0 ? markdownTable(['category', 'points', 'reason'], rows) : '_no breakdown given_';
}

function sessionRows(target: RewardTarget, pulls: readonly PullInfo[]): string[][] {
  const rows: string[][] = [['session', target.sessionId]];
  if (pulls.length > 0) rows.push(['pull requests', pulls.map((p) => `#${p.number} ${cap(p.title, 200)}`).join('; ')]);
  else if (target.titles.length > 0) rows.push(['title', cap(target.titles[0] as string, 200)]);
  if (target.branches.length > 0) rows.push(['branches', target.branches.slice(0, 5).map((b) => cap(b, 120)).join(', ')]);
  if (target.authors.length > 0) rows.push(['authors', target.authors.slice(0, 5).map((a) => cap(a, 60)).join(', ')]);
  rows.push(['pushes', String(target.pushes)]);
  if (target.firstActivity && target.lastActivity) rows.push(['activity', `${target.firstActivity} … ${target.lastActivity}`]);
  if (target.completion) rows.push(['completed by', `${target.completion.trigger}: ${cap(target.completion.detail, 200)}`]);
  if (target.headSha) rows.push(['head', target.headSha]);
  return rows;
}

export interface RenderContext {
  readonly target: RewardTarget;
  readonly score: RewardScore;
  readonly pulls: readonly PullInfo[];
  readonly blocking: readonly BlockingItem[];
  readonly traceId: string;
  readonly scoredAt: string;
  readonly runUrl: string;
  readonly reports: readonly string[];
}

/** `−3 → REQUEST_CHANGES (36.8/100)`: the same words in every view. */
export function headline(s: RewardScore): string {
  return `${signed(s.score)} → ${s.decision} (${s.normalized}/100)`;
}

/** The scale and the bands, stated wherever a score is shown. */
export function scaleLine(s: RewardScore): string {
  const r = s.builtin.range;
  return `Scale ${signed(r.min)} to ${signed(r.max)} (shown as 0–100: ${s.normalized}/100). Bands: ${bandsText(s.builtin.bands)}.`;
}

const NOT_SCORED: Record<'not-security' | 'outside-change', string> = {
  'not-security': 'not scored: not a security rule',
  'outside-change': 'not scored: outside the changed files',
};

function countedText(i: BlockingItem, s: RewardScore): string {
  if (!isBlocking(i)) return NOT_SCORED[i.counted as keyof typeof NOT_SCORED];
  // The category's total in the built-in breakdown (an external scorer has its own lines).
  return s.scorer === 'builtin' ? `${i.counted} ${signed(s.builtin.categories[i.counted as 'failing_ci' | 'security'])}` : i.counted;
}

function blockingTable(items: readonly BlockingItem[], max: number, s: RewardScore): string {
  const out: string[] = [];
  const table = (title: string, list: readonly BlockingItem[], last: string): void => {
    if (list.length === 0) return;
    const rows = list.slice(0, max).map((i) => [i.severity, i.title, i.file ? `${i.file}${i.line ? `:${i.line}` : ''}` : '—', countedText(i, s), cap(i.message.split('\n')[0] ?? '', 200)]);
    const more = list.length > max ? `\n\n… and ${list.length - max} more (see the check run)` : '';
    out.push(`\n\n**${title}**\n\n${markdownTable(['severity', 'what', 'where', last, 'message'], rows)}${more}`);
  };
  table('Blocking findings (they lower the score)', items.filter(isBlocking), 'in the score');
  table('Other high-severity findings (shown to fix, not scored)', items.filter((i) => !isBlocking(i)), 'why');
  return out.join('');
}

/** The job-summary title of a session that was not scored in this run: what happened, in words. */
export function statusTitle(status: 'not-due' | 'claimed-by-other' | 'already-scored' | 'failed' | 'scored'): string {
  switch (status) {
    case 'not-due':
      return 'Reward scoring: nothing to score yet';
    case 'claimed-by-other':
      return 'Reward scoring: another run is scoring this session';
    case 'already-scored':
      return 'Reward scoring: already scored';
    case 'failed':
      return 'Reward scoring failed';
    default:
      return 'Reward score';
  }
}

/** The sticky comment (the marker first, so it survives truncation). */
export function commentBody(marker: string, r: RenderContext): string {
  const s = r.score;
  const commits = r.target.commitMessages.slice(0, 5).map((m) => `- ${escapeMarkdown(cap((m.split('\n')[0] ?? '').trim(), 150))}`).join('\n');
  return [
    marker,
    `### Reward score: ${escapeMarkdown(headline(s))}`,
    '',
    escapeMarkdown(cap(s.decisionReason, 500)),
    '',
    `<sub>${escapeMarkdown(scaleLine(s))}</sub>`,
    '',
    markdownTable(['', ''], [
      ...sessionRows(r.target, r.pulls),
      ['tests', testsLine(s)],
      ['coverage', coverageLine(s)],
      ['findings', findingsLine(s)],
      ['scorer', s.scorer],
    ]),
    blockingTable(r.blocking, 20, s),
    '',
    `<details><summary>Breakdown (${s.breakdown.length} lines)</summary>`,
    '',
    breakdownTable(s),
    '',
    '</details>',
    ...(commits ? ['', '<details><summary>Latest commits of the session</summary>', '', commits, '', '</details>'] : []),
    '',
    `<sub>Scored once for the whole session by auto-pr-sessions at ${escapeMarkdown(r.scoredAt)} · trace ${r.traceId} · inputs ${s.builtin.inputsDigest.replace(/^sha256:/, '').slice(0, 12)} · ${r.runUrl ? `[run](${encodeURI(r.runUrl)})` : 'local run'}</sub>`,
    '',
  ].join('\n');
}

export function checkTitle(s: RewardScore): string {
  return `Reward score ${headline(s)}`;
}

export function checkSummary(r: RenderContext): string {
  const s = r.score;
  return [
    `**${escapeMarkdown(headline(s))}** — ${escapeMarkdown(cap(s.decisionReason, 500))}`,
    '',
    escapeMarkdown(scaleLine(s)),
    '',
    markdownTable(['', ''], [...sessionRows(r.target, r.pulls), ['tests', testsLine(s)], ['coverage', coverageLine(s)], ['findings', findingsLine(s)], ['scorer', s.scorer], ['trace id', r.traceId]]),
    blockingTable(r.blocking, 50, s),
    '',
    '#### Breakdown',
    '',
    breakdownTable(s),
    '',
  ].join('\n');
}

/** A job-summary section for one scored session. */
export function scoredSummary(r: RenderContext, notes: readonly string[]): string {
  const s = r.score;
  const reports = r.reports.length > 0 ? r.reports.map((x) => `- ${escapeMarkdown(x)}`).join('\n') : '- (no reports: scored from what the session itself shows)';
  const tail = notes.length > 0 ? `\n\n${notes.map((n) => `> ${escapeMarkdown(n)}`).join('\n>\n')}` : '';
  return [
    `### Reward score: ${escapeMarkdown(headline(s))}`,
    '',
    escapeMarkdown(cap(s.decisionReason, 500)),
    '',
    escapeMarkdown(scaleLine(s)),
    '',
    markdownTable(['', ''], [...sessionRows(r.target, r.pulls), ['tests', testsLine(s)], ['coverage', coverageLine(s)], ['findings', findingsLine(s)], ['scorer', s.scorer], ['trace id', r.traceId]]),
    blockingTable(r.blocking, 50, s),
    '',
    '**Breakdown**',
    '',
    breakdownTable(s),
    '',
    '**Reports**',
    '',
    reports,
  ].join('\n') + `${tail}\n`;
}

/** reward.json: the durable record of one score (artifact `reward-<session id>`). */
export function rewardDocument(r: RenderContext, extra: { repository: string; runId: string; runAttempt: string; rubric: string | null }): Record<string, unknown> {
  const s = r.score;
  const b = s.builtin;
  return {
    version: 1,
    sessionId: r.target.sessionId,
    stream: r.target.streamKey,
    repository: extra.repository,
    headSha: r.target.headSha,
    prNumbers: r.pulls.length > 0 ? r.pulls.map((p) => p.number) : r.target.prNumbers,
    branches: r.target.branches,
    authors: r.target.authors,
    pushes: r.target.pushes,
    firstActivity: r.target.firstActivity,
    lastActivity: r.target.lastActivity,
    completion: r.target.completion,
    traceId: r.traceId,
    scoredAt: r.scoredAt,
    runId: extra.runId,
    runAttempt: extra.runAttempt,
    scorer: s.scorer,
    rubric: extra.rubric ?? 'built-in',
    score: s.score,
    normalized: s.normalized,
    /** The scale the score is on and the bands that map it to the decision (as the comment states them). */
    scale: b.range,
    bands: b.bands,
    decision: s.decision,
    decisionReason: s.decisionReason,
    breakdown: s.breakdown,
    builtin: { score: b.score, stabilizedScore: b.stabilizedScore, range: b.range, bands: b.bands, decision: b.decision, categories: b.categories },
    tests: b.tests,
    coverage: b.coverage,
    findings: b.findings,
    evaluated: b.evaluated,
    inputsDigest: b.inputsDigest,
    rubricDigest: b.rubricDigest,
    reports: r.reports,
  };
}
