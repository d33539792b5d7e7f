import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { ALERT_MARKER } from '@auto-pr-sessions/core';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { plus } from '../helpers/events.js';
import { buildStates } from '../analytics/fixture.js';
import { seedStream } from '../health/seed.js';
import { runActionProcess } from './harness.js';

// The alert issue's lifecycle through the bundled action: opened when unhealthy, updated in place
// while it stays so, closed with a comment when healthy again; never a second issue.

const NOW = '2025-11-20T12:00:00.000Z';
const LABEL = 'auto-pr-sessions-health';
let clock = Date.parse(NOW) - 3_600_000;
let rt: LocalRuntime;

const sweep = (now: string) =>
  runActionProcess(rt, { action: 'session-health', eventName: 'schedule', payload: { schedule: '0 3 * * *' }, ref: 'refs/heads/main', inputs: { now } });
const alerts = () => rt.github.issues().filter((i) => i.labels.includes(LABEL));

describe('session-health alert issue lifecycle', () => {
  beforeAll(async () => {
    rt = await startRuntime({ now: () => clock });
    // six complete sessions whose branches were deleted before they were scored: six orphans > 5
    const specs = Array.from({ length: 6 }, (_, i) => ({ branch: `orphan-${i}`, author: 'daemon', start: plus(NOW, -120 - i), pushes: [0, 3] }));
    for (const [i, state] of buildStates(specs).entries()) await seedStream(rt, state, specs[i]!.branch);
    clock = Date.parse(NOW);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('opens one issue when unhealthy', async () => {
    const run = await sweep(NOW);
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', 'closed-out': '6', 'alert-count': '1' });
    const issues = alerts();
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue).toMatchObject({ state: 'open', title: 'Auto-PR session health: unhealthy' });
    expect(run.outputs['issue-number']).toBe(String(issue.number));
    expect(issue.body).toContain(ALERT_MARKER);
    expect(issue.body).toContain('Orphaned sessions: 6 (threshold: 5)');
    expect(issue.body).toContain(`Last checked ${NOW}`);
    expect(issue.body).toContain('orphaned: branch orphan\\-0 was deleted before the session was scored');
  });

  it('updates the same issue in place while it stays unhealthy', async () => {
    clock += 3_600_000;
    const later = plus(NOW, 60);
    const run = await sweep(later);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', 'closed-out': '0' });
    const issues = alerts();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.state).toBe('open');
    expect(issues[0]!.body).toContain(`Last checked ${later}`);
    expect(rt.github.comments(issues[0]!.number)).toHaveLength(0);
  });

  it('closes it with a comment once healthy again, and opens nothing while healthy', async () => {
    clock += 26 * 3_600_000; // the orphans leave the 24 h window
    const healthy = plus(NOW, 27 * 60);
    const run = await sweep(healthy);
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'healthy', 'alert-count': '0' });
    const issues = alerts();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.state).toBe('closed');
    const comments = rt.github.comments(issues[0]!.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toMatch(/^Sessions are healthy again as of 2025-11-21T15:00:00.000Z/);

    clock += 3_600_000;
    const again = await sweep(plus(NOW, 28 * 60));
    expect(again.outputs['status']).toBe('healthy');
    expect(alerts()).toHaveLength(1);
    expect(rt.github.issues().filter((i) => i.state === 'open')).toHaveLength(0);
  });
});
