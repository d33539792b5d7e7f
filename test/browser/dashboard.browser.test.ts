import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnalyticsReport } from '@auto-pr-sessions/core';
import { FsStateStore, formatMinutes, formatRate, formatScore } from '@auto-pr-sessions/core';
import { run } from '../../packages/cli/src/program.js';
import { HOSTILE_LOGIN, NOW, buildStates, sampleSpecs } from '../analytics/fixture.js';

// The dashboard in a real browser: Debian's chromium driven by playwright-core (no browser download).
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(new URL('../../', import.meta.url).pathname, '.tmp');
const SCREENSHOT = join(SHOTS, 'dashboard-1400.png');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`dashboard browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!haveChromium) return;
  // a local state directory seeded with varied sessions, turned into files by the CLI
  dir = await mkdtemp(join(tmpdir(), 'aps-dashboard-'));
  const store = new FsStateStore(join(dir, 'state'));
  for (const state of buildStates(sampleSpecs())) await store.append(state.streamKey, state.events);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await run(['node', 'auto-pr-sessions', 'analytics', '--state', join(dir, 'state'), '--now', NOW, '--name', 'octo-org/octo-repo', '--out-json', join(dir, 'site', 'analytics.json'), '--out-html', join(dir, 'site', 'index.html')]);
    expect(code).toBe(0);
  } finally {
    out.mockRestore();
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});

afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!haveChromium)(`dashboard in headless Chromium (skipped when ${CHROMIUM} is missing: apt-get install -y chromium)`, () => {
  it('shows the numbers of analytics.json, draws every chart, logs no error, requests nothing, escapes hostile names', async () => {
    const data = JSON.parse(await readFile(join(dir, 'site', 'analytics.json'), 'utf8')) as AnalyticsReport;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(join(dir, 'site', 'index.html')).href;
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');

    // stat cards: raw value and the text shown both equal analytics.json
    const cards = await page.$$eval('[data-metric]', (els) => els.map((e) => ({ metric: e.getAttribute('data-metric'), value: e.getAttribute('data-value'), text: e.querySelector('.value')?.textContent ?? '' })));
    const card = (m: string) => cards.find((c) => c.metric === m)!;
    const s = data.summary;
    expect(card('totalSessions')).toMatchObject({ value: String(s.totalSessions), text: String(s.totalSessions) });
    expect(card('activeNow')).toMatchObject({ value: String(s.activeNow), text: String(s.activeNow) });
    expect(card('avgDurationMinutes')).toMatchObject({ value: String(s.avgDurationMinutes), text: formatMinutes(s.avgDurationMinutes) });
    expect(card('completionRate')).toMatchObject({ value: String(s.completionRate), text: formatRate(s.completionRate) });
    expect(card('runsSaved').text).toBe(String(data.scoring.runsSaved));

    // the cards agree with the tables: active = running rows, waiting = due rows, scored = scored rows
    const statuses = await page.$$eval('#active-table tbody tr', (rows) => rows.map((r) => r.querySelector('[data-badge]')?.textContent ?? ''));
    expect(statuses.filter((t) => t !== 'waiting for score').length).toBe(s.activeNow);
    expect(statuses.filter((t) => t === 'waiting for score').length).toBe(s.waitingForScore);
    expect(await page.textContent('#active-count')).toBe(`${s.activeNow} active · ${s.waitingForScore} waiting for a score`);
    const completedStatus = await page.$$eval('#completed-table tbody tr', (rows) => rows.map((r) => r.children[1]?.textContent ?? ''));
    expect(completedStatus).not.toContain('due');
    expect(completedStatus.filter((t) => t === 'scored').length).toBe(Math.min(s.scored, data.recentlyCompleted.length));
    const shownIds = await page.$$eval('tr[data-session]', (rows) => rows.map((r) => r.getAttribute('data-session')));
    expect(new Set(shownIds).size).toBe(shownIds.length); // no session in two tables
    expect(card('avgScore').text).toBe(formatScore(s.avgScore));

    // active sessions with their badges, recently completed with scores, authors
    const active = await page.$$eval('#active-table tbody tr', (rows) => rows.map((r) => ({ id: r.getAttribute('data-session'), badge: r.querySelector('[data-badge]')?.getAttribute('data-badge') })));
    expect(active).toEqual(data.activeSessions.map((a) => ({ id: a.sessionId, badge: a.status === 'due' ? 'idle' : a.badge })));
    const completed = await page.$$eval('#completed-table tbody tr', (rows) => rows.map((r) => ({ id: r.getAttribute('data-session'), score: r.querySelector('[data-score]')?.getAttribute('data-score') ?? null })));
    expect(completed).toEqual(data.recentlyCompleted.map((c) => ({ id: c.sessionId, score: c.score === null ? null : String(c.score) })));
    const authors = await page.$$eval('#author-table tbody tr', (rows) => rows.map((r) => ({ author: r.getAttribute('data-author'), sessions: r.querySelector('[data-col="sessions"]')?.textContent, prs: r.querySelector('[data-col="prs"]')?.textContent })));
    expect(authors).toEqual(data.authors.map((a) => ({ author: a.author, sessions: String(a.sessions), prs: String(a.prs) })));
    expect(authors.some((a) => a.author === HOSTILE_LOGIN)).toBe(true); // shown as text, not run
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // every chart drawn by Chart.js from the same numbers
    // runs in the page (this file has no DOM types: the page's globals are typed by hand)
    type Canvas = { __chart?: { data: { labels?: unknown[]; datasets: Array<{ data: unknown[]; band?: boolean }> }; scales: Record<string, { min: number; max: number }> } };
    const charts = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { getElementById(id: string): Canvas | null } }).document;
      return Object.fromEntries(['chart-duration', 'chart-triggers', 'chart-days', 'chart-scores'].map((id) => {
        const c = doc.getElementById(id)?.__chart;
        // band lines of the score chart are not authors
        return [id, c ? c.data.datasets.filter((d) => !d.band).map((d) => d.data) : null];
      }));
    });
    const axes = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { getElementById(id: string): Canvas | null } }).document;
      const scores = doc.getElementById('chart-scores')?.__chart;
      return { y: scores?.scales['y'], triggerLabels: doc.getElementById('chart-triggers')?.__chart?.data.labels };
    });
    // the score axis shows both band edges (a one-point trend is not zoomed to ±0.2)
    expect(axes.y?.min).toBeLessThanOrEqual(-3);
    expect(axes.y?.max).toBeGreaterThanOrEqual(3);
    expect(axes.triggerLabels).toEqual(data.completionTriggers.map((t) => `${t.trigger}: ${t.count} (${t.percentage.toFixed(1)}%)`));
    expect(charts['chart-duration']).toEqual([data.durationDistribution.map((b) => b.count)]);
    expect(charts['chart-triggers']).toEqual([data.completionTriggers.map((t) => t.count)]);
    expect(charts['chart-days']?.[0]).toEqual(data.sessionsPerDay.map((d) => d.started));
    expect(charts['chart-scores']?.length).toBe(data.authors.filter((a) => a.scores.length > 0).length);

    // a way to complete a running session: the dispatch form link and a command to copy
    expect(await page.getAttribute('#active-table a.button', 'href')).toBe(data.links.scoringWorkflowUrl);
    // the label changes when the clipboard promise settles and reverts 1.5 s later: watch for it
    // from before the click, so a loaded machine cannot miss the window
    const feedback = page.waitForFunction(
      () => {
        // runs in the page; the tests compile without DOM types, hence the narrow cast
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document;
        return /Copied|Selected/.test(doc.querySelector('#active-table button.copy')?.textContent ?? '');
      },
      null,
      { timeout: 10_000, polling: 10 },
    );
    await page.click('#active-table button.copy');
    await feedback;

    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.close();
  }, 60_000);

  it('fits a phone: nothing wider than the screen but the scrolling tables', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(join(dir, 'site', 'index.html')).href);
    await page.waitForSelector('body[data-ready="true"]');
    const widths = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
      return { scroll: doc.documentElement.scrollWidth, client: doc.documentElement.clientWidth };
    });
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await page.screenshot({ path: join(SHOTS, 'dashboard-390.png'), fullPage: true });
    // the full page is too tall to read at once: also in screen-high parts
    const height = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight);
    for (let y = 0, i = 0; y < height; y += 1100, i += 1) await page.screenshot({ path: join(SHOTS, `dashboard-390-part${i}.png`), fullPage: true, clip: { x: 0, y, width: 390, height: Math.min(1100, height - y) } });
    await page.close();
  }, 60_000);

  it('an empty repository: dashes, not 0.0%, and no error', async () => {
    const empty = join(dir, 'empty');
    await mkdir(join(empty, 'state'), { recursive: true }); // a missing state directory is an error; an empty one an empty report
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await run(['node', 'auto-pr-sessions', 'analytics', '--state', join(empty, 'state'), '--now', NOW, '--name', 'octo-org/empty', '--out-json', join(empty, 'analytics.json'), '--out-html', join(empty, 'index.html')])).toBe(0);
    } finally {
      out.mockRestore();
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(pathToFileURL(join(empty, 'index.html')).href);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.textContent('[data-metric="completionRate"] .value')).toBe('—');
    expect(await page.textContent('body')).not.toContain('0.0%');
    await page.screenshot({ path: join(SHOTS, 'dashboard-empty-1400.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
