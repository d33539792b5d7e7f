import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalyticsReport } from '@auto-pr-sessions/core';
import { FsStateStore } from '@auto-pr-sessions/core';
import { cli } from '../helpers/cli.js';
import { NOW, buildStates, sampleSpecs } from './fixture.js';


describe('auto-pr-sessions analytics --state DIR', () => {
  it('prints the Markdown report, or writes analytics.json and the dashboard', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aps-analytics-'));
    const store = new FsStateStore(join(dir, 'state'));
    for (const s of buildStates(sampleSpecs())) await store.append(s.streamKey, s.events);
    const printed = await cli('analytics', '--state', join(dir, 'state'), '--now', NOW);
    expect(printed.code).toBe(0);
    expect(printed.out).toContain('# Auto-PR session analytics');
    expect(printed.out).toContain('pie title Completion triggers');
    const files = await cli('analytics', '--state', join(dir, 'state'), '--now', NOW, '--out-json', join(dir, 'out', 'analytics.json'), '--out-html', join(dir, 'out', 'index.html'));
    expect(files.code).toBe(0);
    expect(files.out).toMatch(/^11 sessions in 10 streams of .*state; wrote .*analytics\.json; wrote .*index\.html/);
    const json = JSON.parse(await readFile(join(dir, 'out', 'analytics.json'), 'utf8')) as AnalyticsReport;
    expect(json.summary.totalSessions).toBe(11);
    expect(await readFile(join(dir, 'out', 'index.html'), 'utf8')).toContain(`data-metric="totalSessions" data-value="11"`);
  });

  it('an empty directory gives an empty report; a missing directory or a bad config is invalid input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aps-analytics-'));
    const empty = await cli('analytics', '--state', dir, '--now', NOW);
    expect(empty.code).toBe(0);
    expect(empty.out).toContain('No sessions to analyze.');
    const missing = await cli('analytics', '--state', join(dir, 'nothing'), '--now', NOW);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^auto-pr-sessions analytics: --state .*nothing: no such state directory/);
    await writeFile(join(dir, 'bad.yml'), 'version: 2\n');
    const bad = await cli('analytics', '--state', dir, '--config', join(dir, 'bad.yml'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('is invalid');
  });
});
