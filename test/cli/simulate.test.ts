// The simulator's counts do not depend on how it runs: the in-memory replay (with closed streams
// retired) gives what the replay without retiring gives (and simulate-runtime-*.test.ts: what the
// local runtime with the real cache and artifact clients gives).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { SimBackend, TraceRow } from '@auto-pr-sessions/core';
import { MemoryStateStore, autoPrPushes, memoryBackend, parseTrace, simulate } from '@auto-pr-sessions/core';
import { cli } from '../helpers/cli.js';

const root = new URL('../..', import.meta.url).pathname;

async function pushes(file: string): Promise<TraceRow[]> {
  return autoPrPushes(parseTrace(await readFile(`${root}/examples/${file}`, 'utf8'), file));
}

/** The memory backend without retire/settle: every run reads the stream's whole history. */
function keepingHistory(): SimBackend {
  const { retire: _retire, settle: _settle, ...rest } = memoryBackend({ store: new MemoryStateStore() });
  return rest;
}

describe('simulate on the real 585-push trace (examples/verosuite-commit-trace.tsv)', () => {
  it.each([
    ['author', 30, { sessions: 20, scoringRuns: 20 }],
    ['author', 5, { sessions: 79, scoringRuns: 79 }],
    ['branch', 30, { sessions: 374, scoringRuns: 374 }],
  ] as const)('scope %s, idle %i min: the README figures, whether closed streams are retired or not', async (scope, idleMinutes, expected) => {
    const rows = await pushes('verosuite-commit-trace.tsv');
    const retired = await simulate({ pushes: rows, scope, idleMinutes, backend: memoryBackend() });
    expect(retired).toEqual({ ...expected, pushes: 585, perPushRuns: 585, doubleScored: 0, missed: 0 });
    expect(await simulate({ pushes: rows, scope, idleMinutes, backend: keepingHistory() })).toEqual(retired);
  }, 120_000);

  it('the CLI prints the summary last, and the same summary with --json alone', async () => {
    const text = await cli('simulate', `${root}/examples/demo-trace.tsv`);
    expect(text.code, text.err).toBe(0);
    const lines = text.out.trim().split('\n');
    expect(lines[0]).toMatch(/^replayed 90 auto-PR pushes of .*demo-trace\.tsv in [\d.]+ s \(scope author, idle 30 min\)$/);
    expect(lines[1]).toBe('4 sessions; 4 scoring runs instead of 90 (one per push): 86 saved (96%); double-scored 0, missed 0');
    const json = await cli('simulate', `${root}/examples/demo-trace.tsv`, '--json');
    expect(json.out).toBe(`${lines.at(-1)}\n`);
  });
});
