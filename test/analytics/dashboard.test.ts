import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, computeAnalytics, dashboardHtml, renderDashboard, scriptJson } from '@auto-pr-sessions/core';
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
});
