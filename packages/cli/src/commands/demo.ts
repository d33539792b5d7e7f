import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { autoPrPushes, parseTrace, simulate } from '@auto-pr-sessions/core';
import { runtimeBackend, startRuntime } from '@auto-pr-sessions/runtime';
import { guarded } from '../errors.js';
import { idleMinutes } from '../options.js';

const DEMO_TRACE = new URL('../../../../examples/demo-trace.tsv', import.meta.url);

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('start the embedded local runtime and replay a real auto-PR stream (examples/demo-trace.tsv, 90 pushes) through session-start and session-check, the real cache and artifact clients included; prints each scoring run and the totals, then the JSON summary')
    .option('--idle-minutes <n>', 'idle timeout in minutes, 5–120 (as simulate)', idleMinutes, 30)
    .option('--json', 'print only the JSON summary')
    .action((opts: { idleMinutes: number; json?: boolean }) =>
      guarded('demo', async () => {
        const idle = opts.idleMinutes;
        const pushes = autoPrPushes(parseTrace(await readFile(DEMO_TRACE, 'utf8'), DEMO_TRACE.pathname));
        const runtime = await startRuntime();
        // bound now: the simulator silences process.stdout.write while the toolkit runs
        const write = process.stdout.write.bind(process.stdout);
        const out = (line: string) => {
          if (!opts.json) write(`${line}\n`);
        };
        out(`Local Actions runtime at ${runtime.url} (cache, artifacts and GitHub REST stand-ins, in memory)`);
        out(`Replaying ${pushes.length} auto-PR pushes of a real stream (cseek11/VeroSuite, Nov 2025) on a virtual clock,`);
        out(`scope author, idle timeout ${idle} min, sweep every 5 min. Each push runs session-start + session-check.\n`);
        const started = Date.now();
        try {
          const result = await simulate({ pushes, scope: 'author', idleMinutes: idle, backend: runtimeBackend(runtime, { scope: 'author' }), onLine: (line) => out(`  ${line}`) });
          const stats = runtime.stats();
          const saved = result.perPushRuns - result.scoringRuns;
          out('');
          out(`Totals: ${result.pushes} pushes → ${result.sessions} sessions → ${result.scoringRuns} scoring runs (one per push would be ${result.perPushRuns}; ${saved} saved, ${Math.round((saved / Math.max(1, result.perPushRuns)) * 100)}%).`);
          out(`Double-scored sessions: ${result.doubleScored}. Sessions left unscored: ${result.missed}.`);
          out(`Runtime traffic: ${stats.rest} REST requests, ${Object.values(stats.twirp).reduce((a, b) => a + b, 0)} cache/artifact service calls, ${stats.blob} blob transfers; ${((Date.now() - started) / 1000).toFixed(1)} s wall time.`);
          write(`${JSON.stringify(result)}\n`);
        } finally {
          await runtime.close();
        }
      }),
    );
}
