// compute-reward-batched end to end: the committed bundle run as the runner does (INPUT_*, event
// file, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY) against the local runtime, after session-start and
// session-check bundles recorded the pushes. Reports are real tool output copied into the job.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { CLAIM_REF_PREFIX, stickyMarker } from '@auto-pr-sessions/core';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { plus } from '../helpers/events.js';
import { pushPayload, shaOf } from '../helpers/payloads.js';
import { Toolkit } from '../runtime/helpers/toolkit.js';
import type { JobDirs } from './harness.js';
import { newJob, runActionProcess } from './harness.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
const T0 = '2025-11-19T12:00:00.000Z';
const clock = Date.parse('2026-11-01T00:00:00.000Z');
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startRuntime({ now: () => clock });
});
afterAll(async () => {
  await runtime?.close();
});

function copyReports(job: JobDirs, files: readonly string[], sub = 'reports'): void {
  const dir = join(job.workspace, sub);
  mkdirSync(dir, { recursive: true });
  for (const f of files) cpSync(join(FIXTURES, f), join(dir, f.split('/').pop() as string));
}

/** A branch whose commits exist in the runtime (sha = shaOf(label)), so claims and compare work. */
function seedBranch(rt: LocalRuntime, branch: string, labels: readonly string[], title?: string): void {
  rt.github.setBranch(branch, rt.github.branchSha('main') as string);
  for (const l of labels) rt.github.addCommit({ branch, sha: shaOf(l), message: `Auto-PR: ${l}`, files: [{ filename: 'src/app.ts', status: 'modified', additions: 1, deletions: 0, patch: '@@ -1 +1,2 @@\n x\n+y' }] });
  if (title !== undefined) rt.github.addPull({ head: branch, title });
}

/** One job of the workflow: session-start then session-check for a push. */
async function pushJob(rt: LocalRuntime, branch: string, label: string, at: string, message: string) {
  const job = await newJob(rt);
  const payload = pushPayload({ branch, sha: label, at, messages: [message] });
  const spec = { eventName: 'push', payload, ref: `refs/heads/${branch}`, job, inputs: { now: at } };
  await runActionProcess(rt, { ...spec, action: 'session-start' });
  return runActionProcess(rt, { ...spec, action: 'session-check' });
}

/** A scoring job: compute-reward-batched with reports copied into its workspace. */
async function rewardJob(rt: LocalRuntime, inputs: Record<string, string>, opts: { reports?: readonly string[]; eventName?: string; ref?: string; setup?: (job: JobDirs) => void } = {}) {
  const job = await newJob(rt);
  if (opts.reports) copyReports(job, opts.reports);
  opts.setup?.(job);
  return runActionProcess(rt, { action: 'compute-reward-batched', eventName: opts.eventName ?? 'workflow_dispatch', payload: { inputs: {} }, ref: opts.ref ?? 'refs/heads/main', job, inputs });
}

async function rest<T>(rt: LocalRuntime, path: string): Promise<T> {
  const res = await fetch(`${rt.url}/repos/octo-org/octo-repo${path}`, { headers: { authorization: `Bearer ${rt.restToken()}` } });
  return (await res.json()) as T;
}

const rewardArtifacts = async (rt: LocalRuntime, sid: string) => (await rest<{ total_count: number }>(rt, `/actions/artifacts?name=reward-${sid}`)).total_count;

const REPORT_INPUTS = { junit: 'reports/*.xml', lcov: 'reports/lcov.info', sarif: 'reports/eslint.sarif', 'sarif-baseline': 'reports/eslint-base.sarif' };
const REPORT_FILES = ['vitest/junit.xml', 'vitest/lcov.info', 'eslint/eslint.sarif', 'eslint/eslint-base.sarif'];

describe('compute-reward-batched bundle against the local runtime', () => {
  it('a session of three pushes gets exactly one score end to end; a later check says it is scored', async () => {
    const branch = 'e2e-reward';
    seedBranch(runtime, branch, ['er0', 'er1', 'er2'], 'Auto-PR: percent helper');
    for (let i = 0; i < 3; i++) {
      const check = await pushJob(runtime, branch, `er${i}`, plus(T0, i * 2), `Auto-PR: step ${i}`);
      expect(check.outputs['should-score']).toBe('false');
    }
    const dueAt = plus(T0, 4 + 31);
    const sweep = { action: 'session-check' as const, eventName: 'schedule', payload: { schedule: '*/5 * * * *' }, ref: 'refs/heads/main' };
    const due = await runActionProcess(runtime, { ...sweep, inputs: { now: dueAt, 'session-id': `b-${branch}` } });
    expect(due.outputs).toMatchObject({ 'should-score': 'true', trigger: 'idle_timeout', pushes: '3' });
    const sid = due.outputs['session-id']!;

    const scored = await rewardJob(runtime, { 'session-id': sid, now: dueAt, ...REPORT_INPUTS }, { reports: REPORT_FILES });
    expect(scored.code, scored.stdout.slice(-3000)).toBe(0);
    expect(scored.outputs).toMatchObject({ status: 'scored', 'session-id': sid, 'trace-id': due.outputs['trace-id'] });
    expect(Number(scored.outputs['score'])).not.toBeNaN();
    expect(['APPROVE', 'REQUEST_CHANGES', 'BLOCK']).toContain(scored.outputs['decision']);
    const doc = JSON.parse(readFileSync(scored.outputs['report-path']!, 'utf8'));
    expect(doc).toMatchObject({ sessionId: sid, stream: `b-${branch}`, headSha: shaOf('er2'), pushes: 3, traceId: due.outputs['trace-id'], completion: { trigger: 'idle_timeout' } });
    expect(doc.inputsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(scored.summary).toMatch(/### Reward score: /);

    const pr = runtime.github.pulls().find((p) => p.pull?.head === branch)!;
    expect(runtime.github.comments(pr.number).map((c) => c.body.split('\n')[0])).toEqual([stickyMarker('reward', sid)]);
    expect(runtime.github.checkRuns(shaOf('er2')).map((c) => c.name)).toEqual(['reward-score']);
    expect(await rewardArtifacts(runtime, sid)).toBe(1);

    const later = await runActionProcess(runtime, { ...sweep, inputs: { now: plus(dueAt, 90), 'session-id': `b-${branch}` } });
    expect(later.outputs).toMatchObject({ 'should-score': 'false', status: 'scored' });
    expect(later.outputs['reason']).toMatch(/^already scored at /);
    const again = await rewardJob(runtime, { 'session-id': sid, now: plus(dueAt, 90), ...REPORT_INPUTS }, { reports: REPORT_FILES });
    expect(again.outputs['status']).toBe('already-scored');
    expect(runtime.github.comments(pr.number)).toHaveLength(1);
    expect(runtime.github.checkRuns(shaOf('er2'))).toHaveLength(1);
  });

  it('12 scoring runs racing on one session publish exactly one score; the rest exit green as claimed-by-other', async () => {
    const branch = 'e2e-race';
    seedBranch(runtime, branch, ['rc0', 'rc1'], 'Auto-PR: race');
    await pushJob(runtime, branch, 'rc0', T0, 'Auto-PR: one');
    const check = await pushJob(runtime, branch, 'rc1', plus(T0, 1), 'Auto-PR: two [session-complete]');
    expect(check.outputs['should-score']).toBe('true');
    const sid = check.outputs['session-id']!;
    const now = plus(T0, 2);
    const runs = await Promise.all(Array.from({ length: 12 }, () => rewardJob(runtime, { 'session-id': sid, now, junit: 'reports/junit.xml' }, { reports: ['vitest/junit.xml'] })));
    for (const r of runs) expect(r.code, r.stdout.slice(-2000)).toBe(0);
    const statuses = runs.map((r) => r.outputs['status']);
    expect(statuses.filter((s) => s === 'scored')).toHaveLength(1);
    expect(statuses.filter((s) => s !== 'scored').every((s) => s === 'claimed-by-other' || s === 'already-scored')).toBe(true);
    expect(statuses.filter((s) => s === 'claimed-by-other').length).toBeGreaterThanOrEqual(1);
    const pr = runtime.github.pulls().find((p) => p.pull?.head === branch)!;
    expect(runtime.github.comments(pr.number)).toHaveLength(1);
    expect(runtime.github.checkRuns(shaOf('rc1'))).toHaveLength(1);
    expect(await rewardArtifacts(runtime, sid)).toBe(1);
    expect(runtime.github.ref(`${CLAIM_REF_PREFIX}${sid}`)).toBe(shaOf('rc1'));
  });

  it('hostile PR title, branch and commit text are escaped in the sticky comment, which is found past page 1 and updated in place', async () => {
    const branch = 'auto-pr/<img/src=x/onerror=alert(1)>@admins|x';
    const title = 'Auto-PR: <script>alert(1)</script> @everyone [click](https://evil.example) | --> <!--';
    seedBranch(runtime, branch, ['hx0'], title);
    const check = await pushJob(runtime, branch, 'hx0', T0, 'Auto-PR: <b>bold</b> @org/team ![x](https://evil.example/p.png) [session-complete]');
    expect(check.outputs['should-score']).toBe('true');
    const sid = check.outputs['session-id']!;
    const pr = runtime.github.pulls().find((p) => p.pull?.head === branch)!;
    for (let i = 0; i < 120; i++) runtime.github.addComment(pr.number, `review note ${i}`, 'reviewer');
    const own = runtime.github.addComment(pr.number, `${stickyMarker('reward', sid)}\nscore from an earlier attempt`);
    runtime.github.addComment(pr.number, 'one more note', 'reviewer');
    const out = await rewardJob(runtime, { 'session-id': sid, now: plus(T0, 1), junit: 'reports/junit.xml' }, { reports: ['vitest/junit.xml'] });
    expect(out.code, out.stdout.slice(-2000)).toBe(0);
    expect(runtime.github.comments(pr.number)).toHaveLength(122);
    const body = runtime.github.comment(own.id)!.body;
    expect(body).toMatch(/Reward score: /);
    // every `<`, `[`, `!` and `@` of the untrusted text is escaped (or, for @, defused with a zero-width space)
    expect(body).not.toMatch(/(^|[^\\])<(img|script|b)[\s>/]|@(everyone|admins|org)|\]\(https:\/\/evil|!\[x\]/m);
    expect(body).toContain('\\<script\\>alert\\(1\\)');
    expect(body).toContain('auto\\-pr/\\<img/src=x/onerror=alert\\(1\\)\\>@\u200badmins\\|x');
    expect(body.match(/<!--/g)).toHaveLength(1); // only the marker opens an HTML comment
    expect(out.stdout).toMatch(/updated the reward comment on PR #\d+ \(2 pages of comments read\)/);
  });

  it('scorer-command timeout, crash and bad output fail with a message naming the command, and release the claim', async () => {
    const cases = [
      { name: 'slow', body: 'setTimeout(() => {}, 60000);', timeout: '1', expect: /scorer-command `node scorer\.cjs` timed out after 1 s and was killed/ },
      { name: 'crash', body: 'console.error("model not found"); process.exit(2);', expect: /scorer-command `node scorer\.cjs` crashed: exit code 2; stderr: "model not found"/ },
      { name: 'badjson', body: 'console.log("{score: 5}");', expect: /scorer-command `node scorer\.cjs` printed an invalid score: stdout is not JSON/ },
    ];
    const sids: string[] = [];
    for (const c of cases) {
      const branch = `e2e-scorer-${c.name}`;
      seedBranch(runtime, branch, [`sc-${c.name}`]);
      const job = await newJob(runtime);
      const payload = pushPayload({ branch, sha: `sc-${c.name}`, at: T0, messages: ['Auto-PR: all done [session-complete]'] });
      const check = await runActionProcess(runtime, { action: 'session-check', eventName: 'push', payload, ref: `refs/heads/${branch}`, job, inputs: { now: T0 } });
      sids.push(check.outputs['session-id']!);
    }
    const runs = await Promise.all(cases.map((c, i) => rewardJob(runtime, { 'session-id': sids[i]!, now: plus(T0, 1), 'scorer-command': 'node scorer.cjs', ...(c.timeout ? { 'scorer-timeout-seconds': c.timeout } : {}) }, { setup: (job) => writeFileSync(join(job.workspace, 'scorer.cjs'), c.body) })));
    runs.forEach((r, i) => {
      expect(r.code).toBe(1);
      expect(r.outputs['status']).toBe('failed');
      expect(r.stdout).toMatch(cases[i]!.expect);
      expect(r.stdout).toMatch(/::error::compute-reward-batched: .*claim refs\/auto-pr-sessions\/claims\/.* released: a later run can score this session/);
      expect(runtime.github.ref(`${CLAIM_REF_PREFIX}${sids[i]}`)).toBeUndefined();
    });
  });
});

describe('compute-reward-batched, mode batch (its own runtime: a sweep sees every stream)', () => {
  let rt: LocalRuntime;
  let toolkit: Toolkit;
  beforeAll(async () => {
    rt = await startRuntime({ now: () => clock });
    toolkit = await Toolkit.start(rt.url);
  });
  afterAll(async () => {
    await toolkit?.close();
    await rt?.close();
  });

  /** A CI run of the head commit that uploaded report files as one artifact. */
  async function ciArtifact(branch: string, sha: string, files: Array<string | [string, string]>): Promise<void> {
    const run = rt.github.addWorkflowRun({ headSha: sha, headBranch: branch, status: 'completed', conclusion: 'success', name: 'CI' });
    const job = await newJob(rt);
    const dir = join(job.workspace, 'out');
    mkdirSync(dir, { recursive: true });
    const paths = files.map((f) => {
      if (typeof f === 'string') {
        const p = join(dir, f.split('/').pop() as string);
        cpSync(join(FIXTURES, f), p);
        return p;
      }
      writeFileSync(join(dir, f[0]), f[1]);
      return join(dir, f[0]);
    });
    const env = rt.envFor({ ref: `refs/heads/${branch}`, runId: run.id, sha, workspace: job.workspace, tempDir: job.tempDir });
    await toolkit.ok('uploadArtifact', env, job.workspace, { name: 'test-reports', files: paths, rootDir: dir });
    rt.github.updateWorkflowRun(run.id, { status: 'completed', headSha: sha });
  }

  it('plans the due sessions, scores two from their CI artifacts and isolates a failing one', async () => {
    const junit = readFileSync(join(FIXTURES, 'vitest/junit.xml'), 'utf8');
    const sessions = [
      { branch: 'sweep-a', files: ['vitest/junit.xml', 'vitest/lcov.info', 'eslint/eslint.sarif'] as Array<string | [string, string]> },
      { branch: 'sweep-b', files: ['jest/jest-junit.xml', 'vitest/coverage-final.json'] as Array<string | [string, string]> },
      { branch: 'sweep-c', files: [['junit.xml', junit.slice(0, 600)]] as Array<string | [string, string]> },
    ];
    for (const [i, s] of sessions.entries()) {
      seedBranch(rt, s.branch, [`${s.branch}-0`], `Auto-PR: ${s.branch}`);
      const check = await pushJob(rt, s.branch, `${s.branch}-0`, plus(T0, i), 'Auto-PR: done [session-complete]');
      expect(check.outputs['should-score']).toBe('true');
      await ciArtifact(s.branch, shaOf(`${s.branch}-0`), s.files);
    }
    // the workflow runs that ran session-start/session-check (and the tests) on those commits finished
    for (const r of rt.github.workflowRuns()) if (r.status !== 'completed') rt.github.updateWorkflowRun(r.id, { status: 'completed', conclusion: 'success' });
    const sweep = { eventName: 'schedule', ref: 'refs/heads/main' };
    const now = plus(T0, 10);
    const planned = await rewardJob(rt, { mode: 'batch', 'plan-only': 'true', now }, sweep);
    expect(planned.code, planned.stdout.slice(-2000)).toBe(0);
    const plan = JSON.parse(planned.outputs['plan']!) as Array<{ id: string; stream: string; headSha: string; prNumbers: number[] }>;
    expect(plan.map((p) => [p.stream, p.headSha])).toEqual(sessions.map((s) => [`b-${s.branch}`, shaOf(`${s.branch}-0`)]));

    const out = await rewardJob(rt, { mode: 'batch', now }, sweep);
    expect(out.code, out.stdout.slice(-4000)).toBe(1);
    expect(out.outputs['status']).toBe('failed');
    const scored = JSON.parse(out.outputs['scored-sessions']!) as Array<{ id: string }>;
    expect(scored.map((s) => s.id)).toEqual([plan[0]!.id, plan[1]!.id]);
    expect(JSON.parse(out.outputs['failed-sessions']!).map((f: { id: string }) => f.id)).toEqual([plan[2]!.id]);
    expect(out.stdout).toMatch(/::error::compute-reward-batched: 1 of 3 sessions could not be scored \(the others were\): .*junit\.xml.*truncated/);
    for (const s of sessions.slice(0, 2)) {
      const pr = rt.github.pulls().find((p) => p.pull?.head === s.branch)!;
      expect(rt.github.comments(pr.number)).toHaveLength(1);
      expect(rt.github.checkRuns(shaOf(`${s.branch}-0`))).toHaveLength(1);
    }
    expect(rt.github.comments(rt.github.pulls().find((p) => p.pull?.head === 'sweep-c')!.number)).toHaveLength(0);
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${plan[2]!.id}`)).toBeUndefined();
    const docA = JSON.parse(readFileSync(join(out.outputs['report-path']!, plan[0]!.id, 'reward.json'), 'utf8'));
    expect(docA.evaluated).toMatchObject({ tests: true, coverage: true, findings: true, diff: true });

    const next = await rewardJob(rt, { mode: 'batch', 'plan-only': 'true', now: plus(now, 5) }, sweep);
    expect(JSON.parse(next.outputs['plan']!).map((p: { id: string }) => p.id)).toEqual([plan[2]!.id]);
  });
});
