import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { autoPrPushes, memoryBackend, parseTrace, simulate } from '@auto-pr-sessions/core';
import { runtimeBackend, startRuntime } from '@auto-pr-sessions/runtime';

/**
 * Replays the first `n` pushes of the demo trace in memory and through a fresh local runtime, and
 * expects the same counts. One runtime per test file: @actions/artifact keeps the API URL of the
 * first runtime it met for the whole process, so a second runtime's artifact downloads would fail.
 */
export async function expectRuntimeAgrees(scope: 'author' | 'branch', n: number): Promise<void> {
  const file = new URL('../../examples/demo-trace.tsv', import.meta.url);
  const rows = autoPrPushes(parseTrace(await readFile(file, 'utf8'), file.pathname)).slice(0, n);
  const memory = await simulate({ pushes: rows, scope, idleMinutes: 30, backend: memoryBackend() });
  expect(memory.sessions).toBeGreaterThan(0);
  const runtime = await startRuntime();
  try {
    expect(await simulate({ pushes: rows, scope, idleMinutes: 30, backend: runtimeBackend(runtime, { scope }) })).toEqual(memory);
  } finally {
    await runtime.close();
  }
}
