import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StreamState } from '@auto-pr-sessions/core';
import { analyticsMarkdown, computeAnalytics, dashboardHtml, muteStdout } from '@auto-pr-sessions/core';
import { guarded } from '../errors.js';
import { minutes } from '../options.js';
import type { SourceOptions } from '../source.js';
import { addSourceOptions, openSource } from '../source.js';

interface AnalyticsOptions extends SourceOptions {
  outJson?: string;
  outHtml?: string;
  outMarkdown?: string;
  name?: string;
  scoringWorkflow: string;
  scoringRunMinutes: number;
}

async function writeOut(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/**
 * `analytics`: the session-health action's analytics from a local state directory (one written by
 * `simulate --state-out`, `backup` or the filesystem store) or a repository's state artifacts:
 * analytics.json, the static dashboard and the Markdown report.
 */
export function registerAnalytics(program: Command): void {
  addSourceOptions(
    program
      .command('analytics')
      .description('analytics of a local state directory or a repository: the Markdown report on stdout (or analytics.json with --json), and files with --out-json, --out-html, --out-markdown'),
  )
    .option('--out-json <file>', 'write analytics.json here')
    .option('--out-html <file>', 'write the self-contained dashboard here (e.g. site/index.html)')
    .option('--out-markdown <file>', 'write the Markdown report here')
    .option('--name <owner/name>', 'repository name shown in the reports; owner/name gives links to the scoring workflow (default: --repo, else "local state")')
    .option('--scoring-workflow <file>', 'scoring workflow, for the complete commands in the dashboard', 'reward.yml')
    .option('--scoring-run-minutes <n>', 'minutes of one scoring run, assumed for the CI minutes saved when no run durations are known', minutes, 10)
    .action((opts: AnalyticsOptions) => {
      const write = process.stdout.write.bind(process.stdout);
      const unmute = muteStdout(); // the artifact client prints as on a runner when reading --repo
      return guarded('analytics', async () => {
        const src = await openSource(opts);
        const keys = await src.store.listStreams();
        const states: StreamState[] = [];
        let unreadable = 0;
        for (const key of keys) {
          const r = await src.store.load(key);
          if (r.warnings.length > 0) {
            unreadable += r.state.events.length === 0 ? 1 : 0;
            for (const w of r.warnings) process.stderr.write(`warning: ${key}: ${w}\n`);
          }
          if (r.state.events.length > 0) states.push(r.state);
        }
        const report = computeAnalytics({
          states, config: src.config, now: src.now, repository: opts.name ?? opts.repo ?? 'local state', serverUrl: 'https://github.com',
          scoringWorkflow: opts.scoringWorkflow, assumedScoringMinutes: opts.scoringRunMinutes,
          coverage: { streams: keys.length, streamsRead: states.length, streamsStale: 0, streamsUnreadable: unreadable },
        });
        const md = analyticsMarkdown(report, { heading: '#' });
        const files = [opts.outJson, opts.outHtml, opts.outMarkdown].filter((f): f is string => f !== undefined);
        if (opts.outJson) await writeOut(opts.outJson, `${JSON.stringify(report, null, 2)}\n`);
        if (opts.outHtml) await writeOut(opts.outHtml, dashboardHtml(report));
        if (opts.outMarkdown) await writeOut(opts.outMarkdown, `${md}\n`);
        if (opts.json) write(`${JSON.stringify(report, null, 2)}\n`);
        else if (files.length === 0) write(`${md}\n`);
        else write(`${report.summary.totalSessions} sessions in ${keys.length} streams of ${src.where}${files.map((f) => `; wrote ${f}`).join('')}\n`);
      }).finally(unmute);
    });
}
