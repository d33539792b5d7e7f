import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnalyticsReport } from '@auto-pr-sessions/core';
import { FsStateStore, formatMinutes, formatRate } from '@auto-pr-sessions/core';
import { run } from '../../packages/cli/src/program.js';
import { HOSTILE_LOGIN, NOW, buildStates, sampleSpecs } from '../analytics/fixture.js';

// The dashboard in a real browser: Debian's chromium driven by playwright-core (no browser download).
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(new URL('../../', import.meta.url).pathname, '.tmp', 'dashboard.png');
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
    const code = await run(['node', 'auto-pr-sessions', 'analytics', '--state', join(dir, 'state'), '--now', NOW, '--repository', 'octo-org/octo-repo', '--json', join(dir, 'site', 'analytics.json'), '--html', join(dir, 'site', 'index.html')]);
    expect(code).toBe(0);
  } finally {
    out.mockRestore();
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});

afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!haveChromium)('dashboard in headless Chromium', () => {
  it('shows the numbers of analytics.json, draws every chart, logs no error, requests nothing, escapes hostile names', async () => {
    const data = JSON.parse(await readFile(join(dir, 'site', 'analytics.json'), 'utf8')) as AnalyticsReport;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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
    type Canvas = { __chart?: { data: { datasets: Array<{ data: unknown[] }> } } };
    const charts = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { getElementById(id: string): Canvas | null } }).document;
      return Object.fromEntries(['chart-duration', 'chart-triggers', 'chart-days', 'chart-scores'].map((id) => {
        const c = doc.getElementById(id)?.__chart;
        return [id, c ? c.data.datasets.map((d) => d.data) : null];
      }));
    });
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

    await mkdir(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.close();
  }, 60_000);
});
