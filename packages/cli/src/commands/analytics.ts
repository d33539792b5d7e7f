import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StreamState } from '@auto-pr-sessions/core';
import { FsStateStore, analyticsMarkdown, computeAnalytics, dashboardHtml, formatIssues, loadConfig, resolveNow } from '@auto-pr-sessions/core';
import { EXIT } from '../exit-codes.js';
import { DEFAULT_STATE_DIR } from '../source.js';

interface AnalyticsOptions {
  state: string;
  config: string;
  now?: string;
  json?: string;
  html?: string;
  markdown?: string;
  repository: string;
  scoringWorkflow?: string;
  scoringRunMinutes?: string;
}

async function writeOut(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/**
 * `analytics`: the session-health action's analytics from a local state directory (one left by
 * `simulate`, `runtime --dir` replays or the filesystem store): analytics.json, the static
 * dashboard and the Markdown report.
 */
export function registerAnalytics(program: Command): void {
  program
    .command('analytics')
    .description('analytics of a local state directory: analytics.json, the static HTML dashboard, a Markdown report (printed when no file is asked for)')
    .option('--state <dir>', 'local state directory (as written by the filesystem store)', DEFAULT_STATE_DIR)
    .option('--config <file>', 'configuration file', '.github/auto-pr-sessions.yml')
    .option('--now <instant>', 'evaluate at this instant (ISO-8601 or unix seconds) instead of the clock')
    .option('--json <file>', 'write analytics.json here')
    .option('--html <file>', 'write the self-contained dashboard here (e.g. site/index.html)')
    .option('--markdown <file>', 'write the Markdown report here')
    .option('--repository <name>', 'name shown in the reports (owner/name gives links to the scoring workflow)', 'local state')
    .option('--scoring-workflow <file>', 'scoring workflow, for the complete commands in the dashboard', 'reward.yml')
    .option('--scoring-run-minutes <n>', 'minutes of one scoring run, for the CI minutes saved', '10')
    .action(async (opts: AnalyticsOptions) => {
      try {
        const loaded = await loadConfig(opts.config);
        if (!loaded.ok) {
          process.stderr.write(`auto-pr-sessions: invalid configuration:\n${formatIssues(loaded.issues)}\n`);
          process.exitCode = EXIT.usage;
          return;
        }
        const minutes = Number(opts.scoringRunMinutes ?? '10');
        if (!Number.isFinite(minutes) || minutes < 0) {
          process.stderr.write(`auto-pr-sessions: --scoring-run-minutes expects a number of minutes, got "${opts.scoringRunMinutes}"\n`);
          process.exitCode = EXIT.usage;
          return;
        }
        const now = resolveNow(opts.now);
        const store = new FsStateStore(opts.state);
        const keys = await store.listStreams();
        const states: StreamState[] = [];
        let unreadable = 0;
        for (const key of keys) {
          const r = await store.load(key);
          if (r.warnings.length > 0) {
            unreadable += r.state.events.length === 0 ? 1 : 0;
            for (const w of r.warnings) process.stderr.write(`warning: ${key}: ${w}\n`);
          }
          if (r.state.events.length > 0) states.push(r.state);
        }
        const report = computeAnalytics({
          states, config: loaded.config, now, repository: opts.repository, serverUrl: 'https://github.com',
          ...(opts.scoringWorkflow ? { scoringWorkflow: opts.scoringWorkflow } : {}), assumedScoringMinutes: minutes,
          coverage: { streams: keys.length, streamsRead: states.length, streamsStale: 0, streamsUnreadable: unreadable },
        });
        if (opts.json) await writeOut(opts.json, `${JSON.stringify(report, null, 2)}\n`);
        if (opts.html) await writeOut(opts.html, dashboardHtml(report));
        const md = analyticsMarkdown(report, { heading: '#' });
        if (opts.markdown) await writeOut(opts.markdown, `${md}\n`);
        if (!opts.json && !opts.html && !opts.markdown) process.stdout.write(`${md}\n`);
        else process.stdout.write(`${report.summary.totalSessions} sessions in ${keys.length} streams${[opts.json, opts.html, opts.markdown].filter(Boolean).map((f) => `; wrote ${f}`).join('')}\n`);
      } catch (err) {
        process.stderr.write(`auto-pr-sessions: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = EXIT.failure;
      }
    });
}
