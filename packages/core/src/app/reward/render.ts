/**
 * Text the action publishes: the sticky PR comment, the check run output and annotations, the job
 * summary and reward.json. Every piece of untrusted text (PR titles, branch names, logins, commit
 * messages, finding and test messages, an external scorer's reasons) goes through util/markdown.ts.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { CheckAnnotation } from '../../adapters/github/check-run.js';
import type { ScoringInputs } from '../../scoring/types.js';
import { escapeMarkdown, markdownTable } from '../../util/markdown.js';
import type { PullInfo, RewardScore, RewardTarget } from './types.js';

const cap = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
const pct = (r: { covered: number; total: number; pct: number | null }): string => (r.pct === null ? 'n/a' : `${r.pct}% (${r.covered}/${r.total})`);

export function conclusionOf(decision: RewardScore['decision']): 'success' | 'neutral' | 'failure' {
  return decision === 'APPROVE' ? 'success' : decision === 'BLOCK' ? 'failure' : 'neutral';
}

function testsLine(s: RewardScore): string {
  const t = s.builtin.tests;
  return s.builtin.evaluated.tests ? `${t.total} total, ${t.passed} passed, ${t.failed} failed, ${t.errored} errored, ${t.skipped} skipped${t.flaky ? `, ${t.flaky} flaky` : ''}` : 'no test report';
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

/** Blocking findings: failed and errored tests, critical and high SARIF findings. */
export interface BlockingItem {
  readonly kind: 'test' | 'finding';
  readonly severity: string;
  readonly title: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

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

export function blockingItems(inputs: ScoringInputs, workspace: string): BlockingItem[] {
  const out: BlockingItem[] = [];
  const changed = inputs.diff?.files.map((f) => f.path) ?? [];
  const where = (file: string | undefined) => (file ? { file: repoPath(file, workspace, changed) } : {});
  for (const f of inputs.tests?.failures ?? []) {
    out.push({ kind: 'test', severity: f.kind === 'error' ? 'error' : 'failure', title: cap(`${f.suite} › ${f.name}`, 250), message: cap(f.message || `test ${f.kind}`, 2000), ...where(f.file), ...(f.line ? { line: f.line } : {}) });
  }
  for (const f of inputs.findings ?? []) {
    if (f.severity !== 'critical' && f.severity !== 'high') continue;
    out.push({ kind: 'finding', severity: f.severity, title: cap(`${f.tool} ${f.ruleId}`, 250), message: cap(f.message, 2000), ...where(f.file), ...(f.line ? { line: f.line } : {}) });
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
      annotation_level: 'failure' as const,
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

function headline(s: RewardScore): string {
  return `${signed(s.score)} → ${s.decision} (${s.normalized}/100)`;
}

function blockingTable(items: readonly BlockingItem[], max: number): string {
  if (items.length === 0) return '';
  const rows = items.slice(0, max).map((i) => [i.severity, i.title, i.file ? `${i.file}${i.line ? `:${i.line}` : ''}` : '—', cap(i.message.split('\n')[0] ?? '', 200)]);
  const more = items.length > max ? `\n\n… and ${items.length - max} more (see the check run)` : '';
  return `\n\n**Blocking findings**\n\n${markdownTable(['severity', 'what', 'where', 'message'], rows)}${more}`;
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
    markdownTable(['', ''], [
      ...sessionRows(r.target, r.pulls),
      ['tests', testsLine(s)],
      ['coverage', coverageLine(s)],
      ['findings', findingsLine(s)],
      ['scorer', s.scorer],
    ]),
    blockingTable(r.blocking, 20),
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
    markdownTable(['', ''], [...sessionRows(r.target, r.pulls), ['tests', testsLine(s)], ['coverage', coverageLine(s)], ['findings', findingsLine(s)], ['scorer', s.scorer], ['trace id', r.traceId]]),
    blockingTable(r.blocking, 50),
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
    markdownTable(['', ''], [...sessionRows(r.target, r.pulls), ['tests', testsLine(s)], ['coverage', coverageLine(s)], ['findings', findingsLine(s)], ['scorer', s.scorer], ['trace id', r.traceId]]),
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
    decision: s.decision,
    decisionReason: s.decisionReason,
    breakdown: s.breakdown,
    builtin: { score: b.score, stabilizedScore: b.stabilizedScore, range: b.range, decision: b.decision, categories: b.categories },
    tests: b.tests,
    coverage: b.coverage,
    findings: b.findings,
    evaluated: b.evaluated,
    inputsDigest: b.inputsDigest,
    rubricDigest: b.rubricDigest,
    reports: r.reports,
  };
}
