import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '@auto-pr-sessions/core';
import { DEFAULT_CONFIG, analyticsMarkdown, computeAnalytics, formatMinutes, markEvent, scoreOf, shellQuote } from '@auto-pr-sessions/core';
import { HOSTILE_BRANCH, HOSTILE_LOGIN, NOW, buildStates, sampleSpecs } from './fixture.js';

const schema = JSON.parse(readFileSync(new URL('../../packages/core/schema/analytics.schema.json', import.meta.url), 'utf8')) as object;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

interface Validate {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}
interface AjvLike {
  addFormat(name: string, format: RegExp): void;
  compile(schema: object): Validate;
}

/** ajv 8 as packages/core resolves it (the root node_modules holds eslint's ajv 6). */
function validator(): Validate {
  const { Ajv } = createRequire(new URL('../../packages/core/package.json', import.meta.url))('ajv') as { Ajv: new (o: object) => AjvLike };
  const ajv = new Ajv({ strict: true, allErrors: true });
  ajv.addFormat('date-time', ISO);
  return ajv.compile(schema);
}

const report = () =>
  computeAnalytics({ states: buildStates(sampleSpecs()), config: DEFAULT_CONFIG, now: NOW, repository: 'octo-org/octo-repo', serverUrl: 'https://github.com', scoringWorkflow: 'reward.yml' });

describe('analytics metrics (pure, from session states)', () => {
  it('counts sessions by status, completion rate, durations and their distribution', () => {
    const r = report();
    expect(r.summary).toMatchObject({ totalSessions: 11, activeNow: 3, idleWarning: 2, waitingForScore: 2, scored: 5, abandoned: 1, completed: 7, completionRate: 0.6364, totalPushes: 32 });
    // completed (scored + due) spans: 20, 70, 3, 90, 2, 40, 30 minutes
    expect(r.summary.avgDurationMinutes).toBe(36.4);
    expect(r.summary.medianDurationMinutes).toBe(30);
    expect(r.summary.p90DurationMinutes).toBe(90);
    expect(r.durationDistribution.map((b) => [b.range, b.count])).toEqual([['0-30', 3], ['30-60', 2], ['60-90', 1], ['90+', 1]]);
    expect(r.summary.avgScore).toBe(2.7); // (2.5 + 3 + 4.5 + 5 - 1.5) / 5
  });

  it('completion triggers, scoring runs saved against one per push, CI minutes with the assumption stated', () => {
    const r = report();
    expect(r.completionTriggers).toEqual([
      { trigger: 'idle_timeout', count: 6, percentage: 75 },
      { trigger: 'marker', count: 1, percentage: 12.5 },
      { trigger: 'orphaned', count: 1, percentage: 12.5 },
    ]);
    expect(r.scoring).toMatchObject({ sessions: 7, runsWithoutSuite: 24, scoringRuns: 7, runsSaved: 17, savedPercent: 70.8, handOffs: 1 });
    expect(r.ciMinutes).toMatchObject({ source: 'assumed', perScoringRunMinutes: 10, saved: 170 });
    expect(r.ciMinutes.note).toMatch(/assumed/);
    const measured = computeAnalytics({ states: buildStates(sampleSpecs()), config: DEFAULT_CONFIG, now: NOW, repository: 'x/y', runDurations: [{ runId: '1', minutes: 6 }, { runId: '2', minutes: 8 }] });
    expect(measured.ciMinutes).toMatchObject({ source: 'measured', perScoringRunMinutes: 7, sampleRuns: 2, saved: 119 });
  });

  it('per author: sessions, PRs, average score and its trend', () => {
    const r = report();
    expect(r.authors.map((a) => a.author)).toEqual(['agent-a', 'agent-b', 'daemon', HOSTILE_LOGIN]);
    const a = r.authors[0]!;
    expect(a).toMatchObject({ sessions: 4, prs: 4, scoredSessions: 4, avgScore: 3.75, trend: 'up', trendDelta: 2 });
    expect(a.scores.map((s) => s.score)).toEqual([2.5, 3, 4.5, 5]);
    expect(r.authors[2]).toMatchObject({ author: 'daemon', sessions: 3, avgScore: -1.5, trend: null });
  });

  it('active sessions carry active / warning / idle badges and a quoted complete command; recently completed have scores', () => {
    const r = report();
    const byBranch = new Map(r.activeSessions.map((s) => [s.branch, s]));
    expect(byBranch.get('live-1')).toMatchObject({ badge: 'active', status: 'active', idleMinutes: 3 });
    expect(byBranch.get(HOSTILE_BRANCH)).toMatchObject({ badge: 'warning', status: 'idle-warning' });
    expect(byBranch.get('daemon-2')).toMatchObject({ badge: 'idle', status: 'due', completeCommand: null });
    const hostile = byBranch.get(HOSTILE_BRANCH)!;
    expect(hostile.completeCommand).toBe(`gh workflow run reward.yml --repo octo-org/octo-repo --ref ${shellQuote(HOSTILE_BRANCH)} -f session-id=${hostile.sessionId} -f complete=true`);
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
    expect(r.links.scoringWorkflowUrl).toBe('https://github.com/octo-org/octo-repo/actions/workflows/reward.yml');
    // a due session is listed once: among the sessions not scored yet, not also as completed
    const due = r.activeSessions.filter((a) => a.status === 'due').map((a) => a.sessionId);
    expect(due).toHaveLength(2);
    expect(r.recentlyCompleted.filter((c) => due.includes(c.sessionId))).toEqual([]);
    expect(r.recentlyCompleted.map((c) => c.status).every((st) => st === 'scored' || st === 'abandoned')).toBe(true);
    const scored = r.recentlyCompleted.find((c) => c.streamKey === 'b-auto-pr-4')!;
    expect(scored).toMatchObject({ status: 'scored', score: 5, decision: 'APPROVE', trigger: 'idle_timeout', durationMinutes: 90 });
    expect(r.scoreScale).toEqual({ min: -10, max: 9, blockBelow: -3, approveAbove: 3 });
    expect(r.recentlyCompleted.find((c) => c.status === 'abandoned')?.reason).toMatch(/^orphaned: branch gone-1/);
  });

  it('sessions per day: from the first session\'s day (at least 7, at most 30 days), oldest first, zeros filled', () => {
    const r = report();
    // sessions on 11-19 and 11-20: the minimum window of 7 days, ending today
    expect(r.sessionsPerDay.map((d) => d.date)).toEqual(['2025-11-14', '2025-11-15', '2025-11-16', '2025-11-17', '2025-11-18', '2025-11-19', '2025-11-20']);
    const d19 = r.sessionsPerDay.find((d) => d.date === '2025-11-19')!;
    expect(d19).toMatchObject({ started: 4, ended: 4 });
    expect(r.sessionsPerDay[0]).toMatchObject({ started: 0, ended: 0, pushes: 0 });
    expect(r.sessionsPerDay.reduce((n, d) => n + d.started, 0)).toBe(r.summary.totalSessions);
    // a first session 40 days ago: capped at 30 days; none: 7 empty days
    const old = computeAnalytics({ states: buildStates([{ branch: 'old', author: 'a', start: '2025-10-11T10:00:00Z', pushes: [0] }]), config: DEFAULT_CONFIG, now: NOW, repository: 'r' });
    expect(old.sessionsPerDay).toHaveLength(30);
    expect(computeAnalytics({ states: [], config: DEFAULT_CONFIG, now: NOW, repository: 'r' }).sessionsPerDay).toHaveLength(7);
  });

  it('analytics.json matches its JSON Schema (also with no session at all)', () => {
    const validate = validator();
    const ok = validate(JSON.parse(JSON.stringify(report())));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const empty = computeAnalytics({ states: [], config: DEFAULT_CONFIG, now: NOW, repository: 'local state' });
    expect(validate(JSON.parse(JSON.stringify(empty)))).toBe(true);
    expect(empty.summary).toMatchObject({ totalSessions: 0, completionRate: null, avgDurationMinutes: null, avgScore: null });
    expect(empty.scoreScale).toBeNull();
    // the schema rejects what it does not describe
    expect(validate({ ...report(), extra: 1 })).toBe(false);
  });

  it('reads scores defensively from scored marks: inputs, JSON detail, text, or nothing', () => {
    const mark = (inputs: Record<string, string>): SessionEvent => ({ ...markEvent({ kind: 'scored', sessionId: 's', at: NOW, repo: 'r', runId: '1' }), inputs: { run_id: '1', ...inputs } });
    expect(scoreOf(mark({ score: '4.25', decision: 'approve' }))).toMatchObject({ score: 4.25, decision: 'approve', runId: '1' });
    expect(scoreOf(mark({ detail: '{"score":-3,"decision":"block","normalized":12}' }))).toMatchObject({ score: -3, decision: 'block' });
    expect(scoreOf(mark({ detail: '{"reward":{"score":2}}' }))).toMatchObject({ score: 2 });
    expect(scoreOf(mark({ detail: 'scored: score 3.5 (decision: approve)' }))).toMatchObject({ score: 3.5, decision: 'approve' });
    expect(scoreOf(mark({ detail: '{"recovered":"reward artifact"}' }))).toMatchObject({ score: null, decision: null });
    expect(scoreOf(mark({ detail: '{not json' }))).toMatchObject({ score: null });
    expect(scoreOf(mark({ score: 'NaN' }))).toMatchObject({ score: null });
  });

  it('the Markdown summary has mermaid charts and escapes untrusted names', () => {
    const md = analyticsMarkdown(report());
    expect(md).toContain('```mermaid\nxychart-beta');
    expect(md).toContain('pie title Completion triggers');
    expect(md).toContain('| Author | Sessions | Total PRs | Avg PRs/Session |');
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>');
    expect(analyticsMarkdown(computeAnalytics({ states: [], config: DEFAULT_CONFIG, now: NOW, repository: 'x' }))).toContain('No sessions to analyze.');
    expect(formatMinutes(65)).toBe('1h 5m');
    expect(formatMinutes(null)).toBe('—');
  });
});
