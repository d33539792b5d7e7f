import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, analyticsMarkdown, computeAnalytics, dashboardHtml, formatRate, formatScore, renderDashboard, scriptJson } from '@auto-pr-sessions/core';
import { HOSTILE_BRANCH, HOSTILE_LOGIN, NOW, buildStates, sampleSpecs } from './fixture.js';

const report = () =>
  computeAnalytics({ states: buildStates(sampleSpecs()), config: DEFAULT_CONFIG, now: NOW, repository: 'octo-org/octo-repo', serverUrl: 'https://github.com', scoringWorkflow: 'reward.yml' });

describe('static dashboard (HTML)', () => {
  it('is self-contained: Chart.js and the data inline, a CSP that forbids every request, no external resource', () => {
    const html = dashboardHtml(report());
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    expect(html).toContain('Chart.js v4');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/<img[^>]+src=/i);
    // the only absolute link is the scoring workflow's dispatch form, opened on click
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(hrefs)).toEqual(new Set(['https://github.com/octo-org/octo-repo/actions/workflows/reward.yml']));
  });

  it('escapes untrusted branch names and logins everywhere, and the data block cannot close its script', () => {
    const html = renderDashboard(report(), { chartJs: '/* chart */' });
    expect(html).not.toContain(HOSTILE_LOGIN);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;script&#62;window.__xss=2&#60;/script&#62;');
    const data = /<script type="application\/json" id="analytics-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(data).not.toMatch(/<\/?script/i);
    expect(JSON.parse(data)).toEqual(JSON.parse(JSON.stringify(report())));
    expect(scriptJson({ a: '</script><b>&\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}');
    expect(renderDashboard(report(), { chartJs: 'var s = "</script><p>";' })).toContain('var s = "<\\/script><p>";');
  });

  it('shows the stat cards, badges, a way to complete each running session, scores, authors and four charts', () => {
    const r = report();
    const html = renderDashboard(r, { chartJs: '' });
    expect(html).toContain(`data-metric="totalSessions" data-value="${r.summary.totalSessions}"`);
    expect(html).toContain('data-metric="completionRate" data-value="0.6364"><div class="label">Completion rate</div><div class="value">63.6%</div>');
    expect(html).toContain('data-metric="avgDurationMinutes" data-value="36.4"><div class="label">Avg duration</div><div class="value">36m</div>');
    expect((html.match(/data-badge="active"/g) ?? []).length).toBe(1);
    expect((html.match(/data-badge="warning"/g) ?? []).length).toBe(2);
    expect((html.match(/data-badge="idle"/g) ?? []).length).toBe(2);
    expect((html.match(/class="copy"/g) ?? []).length).toBe(3);
    expect(html).toContain('data-score="5"');
    for (const id of ['chart-duration', 'chart-triggers', 'chart-days', 'chart-scores']) expect(html).toContain(`<canvas id="${id}"`);
    expect(html).toContain('<tr data-author="agent-a">');
    expect(html).toContain(HOSTILE_BRANCH.replace(/[&<>"'`]/g, (ch) => `&#${ch.charCodeAt(0)};`));
  });

  it('an empty repository shows "—", not "0.0%", and says why', () => {
    const empty = computeAnalytics({ states: [], config: DEFAULT_CONFIG, now: NOW, repository: 'octo-org/empty' });
    const html = renderDashboard(empty, { chartJs: '' });
    expect(html).toContain('data-metric="completionRate" data-value=""><div class="label">Completion rate</div><div class="value">—</div><div class="hint">no session yet</div>');
    expect(html).toContain('data-metric="avgScore" data-value=""><div class="label">Avg score</div><div class="value">—</div><div class="hint">no score yet</div>');
    expect(html).not.toContain('0.0%');
  });
});

describe('the dashboard and the Markdown report tell the same story as analytics.json', () => {
  it('same counts, same days, the same sessions in the same tables, the scale stated in both', () => {
    const r = report();
    const html = renderDashboard(r, { chartJs: '' });
    // table cells are Markdown-escaped (63\\.6%); compare on the text a reader sees
    const md = analyticsMarkdown(r).replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
    const s = r.summary;
    // headline figures
    expect(md).toContain(`| ${s.totalSessions} | ${s.activeNow} | ${s.waitingForScore} | 36m | ${formatRate(s.completionRate)} |`);
    expect(html).toContain(`data-metric="activeNow" data-value="${s.activeNow}"`);
    expect(html).toContain(`${s.activeNow} active · ${s.waitingForScore} waiting for a score`);
    expect(md).toContain(`#### Sessions not scored yet (${s.activeNow} active, ${s.waitingForScore} waiting for a score)`);
    // the avg score and the scale, written alike
    expect(md).toContain(`| ${formatScore(s.avgScore)} |`);
    expect(html).toContain(`<div class="value">${formatScore(s.avgScore)}</div><div class="hint">scale −10 to +9 · APPROVE above +3 · BLOCK below −3 · REQUEST_CHANGES between</div>`);
    expect(md).toContain('Scores: scale −10 to +9 · APPROVE above +3 · BLOCK below −3 · REQUEST_CHANGES between.');
    // every day of analytics.json in the Markdown chart (no second, shorter window)
    const axis = /x-axis \[([^\]]*)\]/.exec(md)?.[1] ?? '';
    expect(axis.split(', ').map((l) => l.replace(/"/g, ''))).toEqual(r.sessionsPerDay.map((d) => d.date.slice(5)));
    // a due session appears once, among the sessions not scored yet
    for (const a of r.activeSessions.filter((x) => x.status === 'due')) {
      expect(html.match(new RegExp(`data-session="${a.sessionId}"`, 'g'))).toHaveLength(1);
      expect(md.split(a.sessionId).length - 1).toBe(1);
    }
    // the trigger legend carries counts, in both
    for (const t of r.completionTriggers) expect(md).toContain(`"${t.trigger}: ${t.count}" : ${t.count}`);
    expect(html).toContain("t.trigger + ': ' + t.count");
  });
});
