import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitFile, LocalRuntime } from '@auto-pr-sessions/core';
import { CLAIM_REF_PREFIX, FsStateStore, parseDiff, startRuntime, stickyMarker } from '@auto-pr-sessions/core';
import { plus, push } from '../helpers/events.js';
import { shaOf } from '../helpers/payloads.js';
import { FIXTURES, copyFixtures, newJobDirs, runReward } from './compute-reward-helpers.js';

const T0 = '2025-11-19T12:00:00.000Z';
let clock = Date.parse('2026-11-01T00:00:00.000Z');
let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startRuntime({ now: () => clock });
});
afterAll(async () => {
  await rt?.close();
});

/** The real git diff fixture as commit files with per-file patches (what the compare API returns). */
async function patchFiles(): Promise<CommitFile[]> {
  const raw = readFileSync(join(FIXTURES, 'git/git-diff.patch'), 'utf8');
  const unified = await parseDiff(join(FIXTURES, 'git/git-diff.patch'));
  const sections = raw.split(/^diff --git /m).slice(1);
  return unified.files.map((f, i) => {
    const section = sections[i] as string;
    const patch = section.slice(section.indexOf('\n@@') + 1).replace(/\n$/, '');
    return { filename: f.path, status: f.status === 'deleted' ? 'removed' : f.status === 'renamed' ? 'renamed' : f.status === 'added' ? 'added' : 'modified', additions: f.additions, deletions: f.deletions, patch };
  });
}

/** A branch with an open PR whose head commit carries the real diff; returns the session's pushes' shas. */
async function seedBranch(branch: string, title: string, pushes: number): Promise<string[]> {
  const files = await patchFiles();
  const shas: string[] = [];
  rt.github.setBranch(branch, rt.github.branchSha('main') as string);
  for (let i = 0; i < pushes; i++) {
    const sha = shaOf(`${branch}/${i}`);
    rt.github.addCommit({ branch, sha, message: `Auto-PR: step ${i}`, files: i === pushes - 1 ? files : [] });
    shas.push(sha);
  }
  rt.github.addPull({ head: branch, title });
  return shas;
}

/** A filesystem state store holding one completed session of `shas` on `branch`. */
async function seedState(branch: string, shas: string[]): Promise<FsStateStore> {
  const store = new FsStateStore(mkdtempSync(join(tmpdir(), 'aps-reward-state-')));
  const events = shas.map((sha, i) => push(plus(T0, i * 2), i === shas.length - 1 ? 'Auto-PR: last [session-complete]' : `Auto-PR: step ${i}`, { headSha: sha, id: `push:${sha}`, branch }));
  await store.append(`b-${branch}`, events);
  return store;
}

const REPORTS = { junit: 'reports/junit.xml', lcov: 'reports/lcov.info', sarif: 'reports/*.sarif' };

describe('compute-reward-batched, mode session (in-process, local runtime)', () => {
  it('scores a due session once: reward.json, sticky comment, check run, scored mark; a second run says already-scored', async () => {
    const shas = await seedBranch('reward-a', 'Auto-PR: add percent()', 3);
    const store = await seedState('reward-a', shas);
    const job = newJobDirs(rt);
    copyFixtures(join(job.workspace, 'reports'), ['vitest/junit.xml', 'vitest/lcov.info', 'eslint/eslint.sarif']);
    const now = plus(T0, 10);
    const first = await runReward(rt, { now, job, store, inputs: { 'session-id': 'b-reward-a', ...REPORTS } });
    expect(first.error).toBeNull();
    expect(first.outputs).toMatchObject({ status: 'scored', 'session-id': 'b-reward-a-20251119T120000Z', decision: 'REQUEST_CHANGES' });
    const doc = JSON.parse(readFileSync(first.outputs['report-path']!, 'utf8'));
    expect(doc).toMatchObject({ sessionId: 'b-reward-a-20251119T120000Z', stream: 'b-reward-a', headSha: shas[2], prNumbers: [expect.any(Number)], traceId: first.outputs['trace-id'], scoredAt: now });
    expect(doc.score).toBe(Number(first.outputs['score']));
    expect(doc.evaluated).toMatchObject({ tests: true, coverage: true, findings: true, diff: true, changedLines: true });
    expect(doc.reports.join('\n')).toMatch(/diff: compare API main\.\.\./);
    const pr = rt.github.pulls().find((p) => p.pull?.head === 'reward-a')!;
    const comments = rt.github.comments(pr.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith(stickyMarker('reward', doc.sessionId))).toBe(true);
    const checks = rt.github.checkRuns(shas[2]);
    expect(checks.map((c) => [c.name, c.conclusion])).toEqual([['reward-score', 'neutral']]);
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${doc.sessionId}`)).toBe(shas[2]);
    const state = await store.load('b-reward-a');
    expect(state.state.events.filter((e) => e.kind === 'scored')).toHaveLength(1);

    const again = await runReward(rt, { now, store, inputs: { 'session-id': 'b-reward-a', ...REPORTS } });
    expect(again.outputs['status']).toBe('already-scored');
    expect(rt.github.comments(pr.number)).toHaveLength(1);
    expect(rt.github.checkRuns(shas[2])).toHaveLength(1);
    expect(existsSync(first.outputs['report-path']!)).toBe(true);
  });
});
