import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '@auto-pr-sessions/core';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { plus } from '../helpers/events.js';
import { buildStates } from '../analytics/fixture.js';
import { seedStream } from '../health/seed.js';
import { runActionProcess } from './harness.js';

// A request budget too small for the repository: each sweep stops cleanly within it, says what it
// left, and the next sweeps continue from the index until every session is handed out exactly once.
// `scoring: batch` hands sessions out through the due-sessions output (no dispatch, whose writes
// Octokit paces one a second as GitHub asks).

const NOW = '2025-11-20T12:00:00.000Z';
const STREAMS = 24;
const BUDGET = 30;
let clock = Date.parse(NOW) - 3_600_000;
let rt: LocalRuntime;

describe('session-health within a request budget', () => {
  beforeAll(async () => {
    rt = await startRuntime({ now: () => clock });
    const specs = Array.from({ length: STREAMS }, (_, i) => ({ branch: `burst-${i}`, author: 'agent', start: plus(NOW, -90 - i), pushes: [0, 4, 9] }));
    for (const s of specs) rt.github.addCommit({ branch: s.branch });
    for (const [i, state] of buildStates(specs).entries()) await seedStream(rt, state, specs[i]!.branch);
    clock = Date.parse(NOW);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('stops at the budget, reports it, and hands every session out exactly once over the next runs', async () => {
    const reports: HealthReport[] = [];
    const handed: string[] = [];
    for (let run = 0; run < 6; run++) {
      const before = rt.stats().rest;
      const out = await runActionProcess(rt, {
        action: 'session-health', eventName: 'schedule', payload: { schedule: '*/15 * * * *' }, ref: 'refs/heads/main',
        inputs: { now: plus(NOW, run * 15), 'request-budget': String(BUDGET), scoring: 'batch' },
      });
      expect(out.code, out.stdout.slice(-3000)).toBe(0);
      const measured = rt.stats().rest - before;
      // every REST call the runtime saw, the toolkit's downloads included, stays within the budget
      expect(measured).toBeLessThanOrEqual(BUDGET);
      expect(Number(out.outputs['rest-calls'])).toBe(measured);
      const report = JSON.parse(await readFile(out.outputs['report-path']!, 'utf8')) as HealthReport;
      reports.push(report);
      handed.push(...(JSON.parse(out.outputs['due-sessions'] ?? '[]') as string[]));
      if (out.outputs['budget-exhausted'] === 'false') break;
      clock += 15 * 60_000;
    }
    const first = reports[0]!;
    expect(first.budget.exhausted).toBe(true);
    expect(first.budget.skipped).toContain('reading some state snapshots');
    expect(first.sweep.streamsStale).toBeGreaterThan(0);
    expect(first.status).toBe('degraded');
    expect(first.alerts.some((a) => a.startsWith('Sweep incomplete:'))).toBe(true);
    const last = reports.at(-1)!;
    expect(last.budget.exhausted).toBe(false);
    expect(last.sweep.streamsStale).toBe(0);
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.length).toBeLessThanOrEqual(4);
    expect(handed).toHaveLength(STREAMS);
    expect(new Set(handed).size).toBe(STREAMS);
    expect(rt.github.dispatches()).toEqual([]);
    expect(first.actions.filter((a) => a.result === 'handed-to-batch').length).toBeGreaterThan(0);
  });
});
