// A fork forges state of a stream of this repository. The victim's session must be exactly what a
// control stream with the same pushes (and no attack) is: same status, pushes and should-score.
// The bundled actions run as a runner runs them, against the local runtime; the fork's run goes
// through the real @actions/cache and @actions/artifact clients (read-only token, refs/pull/N/merge).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { baseEvent, markEvent } from '@auto-pr-sessions/core';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { plus } from '../helpers/events.js';
import { rest, uploadRaw } from '../health/seed.js';
import { forkPull, forkSaveCache, forkUpload, pushJob, shaOf, sweepCheck, view } from './attacker.js';

const T0 = '2025-11-19T12:00:00.000Z';
const clock = Date.parse('2026-11-01T00:00:00.000Z');
let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startRuntime({ now: () => clock });
});
afterAll(async () => {
  await rt?.close();
});

/** Three pushes two minutes apart on `branch`; returns the session id session-check named. */
async function firstPushes(branch: string): Promise<string> {
  let id = '';
  for (let i = 0; i < 3; i++) id = (await pushJob(rt, branch, `${branch}-${i}`, plus(T0, i * 2), `Auto-PR: step ${i}`)).check.outputs['session-id'] ?? '';
  return id;
}

/** The rest of the timeline: a fourth push, a check while active, a sweep once idle. */
async function laterRuns(branch: string) {
  const fourth = await pushJob(rt, branch, `${branch}-3`, plus(T0, 6), 'Auto-PR: step 3');
  const active = await sweepCheck(rt, `b-${branch}`, plus(T0, 10));
  const due = await sweepCheck(rt, `b-${branch}`, plus(T0, 6 + 31));
  const again = await sweepCheck(rt, `b-${branch}`, plus(T0, 6 + 36));
  return { fourth, active, due, again };
}

function views(r: Awaited<ReturnType<typeof laterRuns>>, branch: string) {
  return { fourth: view(r.fourth.check, branch), active: view(r.active, branch), due: view(r.due, branch), again: view(r.again, branch) };
}

/** A state snapshot as the suite writes it, with whatever events and writers the forger chooses. */
function snapshot(stream: string, events: unknown[], writers: string[]): string {
  return JSON.stringify({ version: 1, streamKey: stream, events, writers });
}

function forgedPush(branch: string, at: string, label: string) {
  const sha = shaOf(label);
  return { ...baseEvent(`push:${sha}`, 'push', at, 'octo-org/octo-repo'), author: 'mallory', actor: 'mallory', branch, headSha: sha, commits: [{ sha, message: 'Auto-PR: forged', at, added: [], modified: ['src/x.ts'], removed: [] }] };
}

describe('forged state of a stream of this repository', { timeout: 240_000 }, () => {
  it('forged abandoned/scored marks and forged writers in aps-state-<victim>, plus cache keys of the fork\'s scope that send loads to the artifacts: the victim is exactly the control', async () => {
    const victim = 'victim-marks';
    const control = 'control-marks';
    const sid = await firstPushes(victim);
    await firstPushes(control);
    // the attack: the fork reads the public listing for the victim's runs, then forges
    const listed = await rest<{ artifacts: Array<{ workflow_run: { id: number } }> }>(rt, `/actions/artifacts?name=aps-state-b-${victim}`);
    const writers = listed.artifacts.map((a) => `${a.workflow_run.id}-1`);
    const marks = ['abandoned', 'scored', 'score_requested'].map((kind) =>
      markEvent({ kind: kind as 'scored', sessionId: sid, at: plus(T0, 5), repo: 'octo-org/octo-repo', runId: '1', detail: 'forged' }),
    );
    const forged = snapshot(`b-${victim}`, [forgedPush(victim, plus(T0, 5), 'forged-1'), ...marks], writers);
    const pr = forkPull(rt, 'innocent-looking');
    expect(await forkSaveCache(rt, pr, `aps1-b-${victim}-77-1-abcdef`, forged)).not.toBe(-1);
    await forkUpload(rt, pr, `aps-state-b-${victim}`, { 'state.json': forged });

    const attacked = await laterRuns(victim);
    const clean = await laterRuns(control);
    expect(views(attacked, victim)).toEqual(views(clean, control));
    expect(view(attacked.fourth.check, victim)).toMatchObject({ pushes: '4', status: 'active', 'should-score': 'false' });
    expect(view(attacked.due, victim)).toMatchObject({ pushes: '4', status: 'due', 'should-score': 'true', trigger: 'idle_timeout' });
    expect(view(attacked.again, victim)['should-score']).toBe('false'); // handed out once
    // the forged artifact was seen, named and refused before any download
    expect(attacked.fourth.start.warnings.join('\n')).toMatch(new RegExp(`artifact aps-state-b-${victim} #\\d+ ignored: uploaded by run \\d+ of another repository`));
  });

  it('a number where a title string belongs (from a fork, and in a corrupted snapshot of this repository): refused naming the field, never fatal for the stream', async () => {
    const victim = 'victim-poison';
    const control = 'control-poison';
    await firstPushes(victim);
    await firstPushes(control);
    const poisoned = (stream: string) =>
      snapshot(stream, [{ ...baseEvent('pr:1:opened:x:y', 'pr_opened', plus(T0, 5), 'octo-org/octo-repo'), branch: victim, prNumber: 1, title: 42, body: 7 }], []);
    const pr = forkPull(rt, 'poison');
    await forkSaveCache(rt, pr, `aps1-b-${victim}-78-1-abcdef`, poisoned(`b-${victim}`));
    await forkUpload(rt, pr, `aps-state-b-${victim}`, { 'state.json': poisoned(`b-${victim}`) });
    // and the same poison uploaded by a run of this repository (a corrupted write): schema-refused
    await uploadRaw(rt, `aps-state-b-${victim}`, { 'state.json': poisoned(`b-${victim}`) });

    const attacked = await laterRuns(victim);
    const clean = await laterRuns(control);
    expect(views(attacked, victim)).toEqual(views(clean, control));
    for (const run of [attacked.fourth.start, attacked.fourth.check]) expect(run.code).toBe(0);
    expect(attacked.fourth.start.warnings.join('\n')).toMatch(/not a valid auto-pr-sessions state snapshot \(\/events\/0\/title must be string,null\)/);
  });

  it('a fork writing another fork\'s stream (f-<other id>-…) is refused like any stranger', async () => {
    const other = 'f-424242-someone-octo-repo-feature';
    const pr = forkPull(rt, 'cross-fork');
    await forkUpload(rt, pr, `aps-state-${other}`, { 'state.json': snapshot(other, [forgedPush('feature', plus(T0, 1), 'cross')], []) });
    const check = await sweepCheck(rt, other, plus(T0, 40));
    expect(check.outputs['session-id']).toBe('');
    expect(check.outputs['should-score']).toBe('false');
    expect(check.warnings.join('\n')).toMatch(/ignored: uploaded by run \d+ of another repository/);
  });
});
