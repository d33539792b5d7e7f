// The runner runs this repository's own workflows and the workflows `auto-pr-sessions init` writes,
// against the local runtime. Heavy run: steps (npm ci, the test suite) are stubs of virtual duration.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadWorkflow, loadWorkflowDir, startWorkflowSandbox, type RestAnswer, type Sandbox } from '@auto-pr-sessions/runtime';
import { checkAnswers } from '../runtime/helpers/openapi.js';
import { initFiles } from '../../packages/cli/src/commands/init.js';
import { T0 } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MIN = 60_000;
const JUNIT = '<testsuites><testsuite name="unit" tests="2" failures="0"><testcase classname="a" name="one"/><testcase classname="a" name="two"/></testsuite></testsuites>';

function summary(sb: Sandbox): string[] {
  return sb.runner.runs().map((r) => `${r.workflow} ${r.event}${r.action ? `.${r.action}` : ''} ${r.ref}: ${r.conclusion ?? r.status} [${r.jobs.map((j) => `${j.id}=${j.result}`).join(' ')}]`);
}

describe("this repository's workflows", () => {
  it('ci.yml and release.yml parse and run: push to main, pull requests (cancel-in-progress), a release dispatch', async () => {
    const workflows = await loadWorkflowDir(`${ROOT}.github/workflows`);
    expect(workflows.map((w) => [w.file, w.errors])).toEqual(workflows.map((w) => [w.file, []]));
    const sb = await startWorkflowSandbox({ workflows, start: T0, runSteps: { mode: 'stub', durationMs: 60_000 } });
    try {
      sb.runner.push({ branch: 'main', commits: [{ message: 'feat: x' }] });
      sb.runner.push({ branch: 'topic', commits: [{ message: 'wip' }] }); // ci.yml runs pushes of main only
      sb.runner.pullRequest({ action: 'opened', head: 'topic', at: T0 + MIN });
      sb.runner.push({ branch: 'topic', commits: [{ message: 'wip 2' }], at: T0 + 2 * MIN });
      sb.runner.dispatch({ workflow: 'release.yml', ref: 'main', inputs: { version: '1.2.3' }, at: T0 + 3 * MIN });
      await sb.runner.settle();
      expect(summary(sb)).toEqual([
        'ci.yml push refs/heads/main: success [test=success]',
        'ci.yml pull_request.opened refs/pull/1/merge: cancelled [test=cancelled]',
        'ci.yml pull_request.synchronize refs/pull/1/merge: success [test=success]',
        'release.yml workflow_dispatch refs/heads/main: success [release=success]',
      ]);
      const release = sb.runner.runs().at(-1);
      expect(release?.jobs[0]?.permissions).toMatchObject({ contents: 'write', actions: 'none' });
      // setup-node is a third-party action: stubbed, with a notice
      expect(release?.jobs[0]?.steps[1]?.annotations[0]?.message).toMatch(/actions\/setup-node@v5 is not emulated/);
    } finally {
      await sb.close();
    }
  });
});

async function initSandbox(answers: RestAnswer[], lines: string[], runMs = 3 * MIN): Promise<Sandbox> {
  const files = initFiles({
    usesPrefix: 'auto-pr-sessions/auto-pr-sessions/actions',
    ref: 'v1',
    scope: 'branch',
    // the expensive test run, replaced by a command that writes small reports
    testCommand: `mkdir -p coverage && printf '%s' '${JUNIT}' > junit.xml && printf 'SF:src/f0.ts\\nLF:2\\nLH:2\\nend_of_record\\n' > coverage/lcov.info`,
    junit: 'junit.xml',
    lcov: 'coverage/lcov.info',
    healthCron: '*/15 * * * *',
    defaultBranch: 'main',
  });
  const workflows = await Promise.all(files.filter((f) => f.path.startsWith('.github/workflows/')).map((f) => loadWorkflow(f.path.split('/').pop() ?? '', f.content)));
  expect(workflows.map((w) => w.errors)).toEqual(workflows.map(() => []));
  return startWorkflowSandbox({
    workflows,
    start: T0,
    actionsRoot: ROOT,
    files: Object.fromEntries(files.map((f) => [f.path, f.content])),
    runSteps: { mode: 'bash', durationMs: runMs },
    log: (l) => lines.push(l),
    runtime: { observeRest: (a) => answers.push(a) },
  });
}

function debugDump(sb: Sandbox, lines: string[]): void {
  // WF_DEBUG=1 prints the runner's log and every step's output
  if (!process.env['WF_DEBUG']) return;
  console.log(lines.join('\n'));
  for (const r of sb.runner.runs()) for (const j of r.jobs) for (const st of j.steps) console.log(`--- ${r.id} ${j.id} ${st.name}\n${JSON.stringify(st.outputs)}\n${st.log.split('\n').filter((l) => !l.startsWith('::debug::')).join('\n').slice(0, 6000)}\nSUMMARY ${j.summary}`);
}

describe('the workflows auto-pr-sessions init writes', () => {
  it('record an auto-PR session from pushes, score it once when completed, publish it, and sweep on schedule; every REST answer conforms to the OpenAPI description', async () => {
    const lines: string[] = [];
    const answers: RestAnswer[] = [];
    const sb = await initSandbox(answers, lines);
    try {
      // an agent pushes three checkpoints a minute apart
      for (let i = 0; i < 3; i++) sb.runner.push({ branch: 'agent/task', commits: [{ message: `checkpoint: step ${i}`, files: { [`src/f${i}.ts`]: `export const x${i} = ${i};\n` } }], at: T0 + i * MIN });
      await sb.runner.runUntil(T0 + 10 * MIN);
      const pushes = sb.runner.runs().filter((r) => r.workflow === 'reward.yml'); // reward-publish.yml follows each (workflow_run), and skips: no fork
      expect(pushes.map((r) => `${r.workflow} ${r.event} ${r.conclusion}`)).toEqual(['reward.yml push success', 'reward.yml push success', 'reward.yml push success']);
      // one session, one more push each time; not due yet, so no score job ran
      const start = (r: (typeof pushes)[number]) => r.jobs.find((j) => j.id === 'session')?.steps.find((st) => st.name.includes('session-start'))?.outputs ?? {};
      expect(pushes.map((r) => start(r)['pushes'])).toEqual(['1', '2', '3']);
      expect(new Set(pushes.map((r) => start(r)['session-id'])).size).toBe(1);
      expect(pushes.map((r) => r.jobs.map((j) => j.result).join(','))).toEqual(Array(3).fill('success,skipped,skipped'));
      // the agent completes the session by hand (workflow_dispatch complete: true): scored once
      sb.runner.dispatch({ workflow: 'reward.yml', ref: 'agent/task', inputs: { complete: true }, at: T0 + 11 * MIN });
      await sb.runner.runUntil(T0 + 20 * MIN);
      await sb.runner.settle();
      const completed = sb.runner.runs().find((r) => r.event === 'workflow_dispatch');
      expect(completed?.jobs.find((j) => j.id === 'session')?.outputs['should-score']).toBe('true');
      expect(completed?.jobs.map((j) => `${j.id}=${j.result}`)).toEqual(['session=success', 'score=success', 'publish=success']);
      // the scheduled sweep ran on the default branch at 12:15
      const sweep = sb.runner.runs().find((r) => r.workflow === 'session-health.yml');
      expect(sweep?.event).toBe('schedule');
      expect(new Date(sweep?.createdAt ?? 0).toISOString()).toBe('2026-01-05T12:15:00.000Z');
      expect(sweep?.conclusion).toBe('success');
      // what the actions asked of the REST API, answered as GitHub documents it
      expect(answers.length).toBeGreaterThan(20);
      expect(checkAnswers(answers).problems).toEqual([]);
    } finally {
      debugDump(sb, lines);
      await sb.close();
    }
  }, 120_000);

  it('a burst of pushes seconds apart: superseded session jobs are cancelled, and the last one still counts every push', async () => {
    const lines: string[] = [];
    const answers: RestAnswer[] = [];
    const sb = await initSandbox(answers, lines);
    try {
      for (let i = 0; i < 5; i++) sb.runner.push({ branch: 'agent/burst', commits: [{ message: `wip: part ${i}`, files: { [`b${i}.ts`]: `${i}\n` } }], at: T0 + i * 4_000 });
      await sb.runner.settle();
      const runs = sb.runner.runs().filter((r) => r.workflow === 'reward.yml');
      const session = runs.map((r) => r.jobs.find((j) => j.id === 'session')?.result);
      // the session job's group (reward-session-<repo>:<branch>, cancel-in-progress) keeps only the newest
      expect(session.filter((r) => r === 'cancelled').length).toBeGreaterThan(0);
      expect(session.at(-1)).toBe('success');
      const last = runs.at(-1)?.jobs.find((j) => j.id === 'session')?.steps.find((st) => st.name.includes('session-start'))?.outputs ?? {};
      expect(last['pushes']).toBe('5');
      expect(checkAnswers(answers).problems).toEqual([]);
    } finally {
      debugDump(sb, lines);
      await sb.close();
    }
  }, 120_000);
});
