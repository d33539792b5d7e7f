import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readFile } from 'node:fs/promises';
import { autoPrPushes, parseTrace, simulate } from '@auto-pr-sessions/core';
import { runtimeBackend, startRuntime } from '@auto-pr-sessions/runtime';
import { EXIT } from '../exit-codes.js';
import { progressBar } from '../progress.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  return n;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('replay a commit trace (TSV, as shared/data/verosuite-commit-trace.tsv) through session-start and session-check against the local runtime, with a virtual clock and a periodic sweep; the last line is a JSON summary')
    .argument('<trace>', 'trace file (TSV); rows of kind auto_pr are pushes')
    .option('--scope <scope>', 'session scope: author or branch', 'author')
    .option('--idle-minutes <n>', 'idle timeout in minutes (5–120)', positiveInt, 30)
    .option('--sweep-minutes <n>', 'minutes between sweeps on the virtual clock', positiveInt, 5)
    .option('--limit <n>', 'replay only the first N pushes', positiveInt)
    .option('--json', 'print only the JSON summary')
    .option('--verbose', 'print each scoring run')
    .action(async (trace: string, opts: { scope: string; idleMinutes: number; sweepMinutes: number; limit?: number; json?: boolean; verbose?: boolean }) => {
      if (opts.scope !== 'author' && opts.scope !== 'branch') {
        process.stderr.write(`auto-pr-sessions simulate: --scope must be author or branch, got "${opts.scope}"\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      if (opts.idleMinutes < 5 || opts.idleMinutes > 120) {
        process.stderr.write(`auto-pr-sessions simulate: --idle-minutes must be between 5 and 120 (the config allows 5–120), got ${opts.idleMinutes}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      let text: string;
      try {
        text = await readFile(trace, 'utf8');
      } catch (err) {
        process.stderr.write(`auto-pr-sessions simulate: cannot read ${trace}: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = EXIT.invalid;
        return;
      }
      const pushes = autoPrPushes(parseTrace(text, trace)).slice(0, opts.limit ?? Infinity);
      const runtime = await startRuntime();
      const started = Date.now();
      const bar = opts.json ? null : progressBar('replaying pushes');
      try {
        const result = await simulate({
          pushes,
          scope: opts.scope,
          idleMinutes: opts.idleMinutes,
          sweepMinutes: opts.sweepMinutes,
          backend: runtimeBackend(runtime, { scope: opts.scope }),
          onProgress: (done, total) => bar?.update(done, total),
          ...(opts.verbose && !opts.json ? { onLine: (line: string) => bar?.log(line) } : {}),
        });
        bar?.stop();
        if (!opts.json) {
          process.stdout.write(`replayed ${result.pushes} pushes in ${((Date.now() - started) / 1000).toFixed(1)} s (scope ${opts.scope}, idle ${opts.idleMinutes} min)\n`);
        }
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } finally {
        bar?.stop();
        await runtime.close();
      }
    });
}
