// The warm action host ('worker') must show a step exactly what a fresh `node main.mjs` process
// shows it (the 'process' host, as on GitHub): its own working directory (even through a module
// that caches process.cwd, as graceful-fs does), its own environment, a clean exit code, and its
// failure as a failed step. Only the module loads differ: that is the point of the warm host.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ActionHostKind, RunRecord } from '@auto-pr-sessions/runtime';
import { sandbox, T0 } from './helpers.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

const WORKFLOW = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: one
        uses: ./actions/isolation
        with: { mark: a1 }
      - id: two
        uses: ./actions/isolation
        continue-on-error: true
        with: { mark: a2, fail: 'true' }
      - id: three
        uses: ./actions/isolation
        with: { mark: a3 }
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - id: one
        uses: ./actions/isolation
        with: { mark: b1 }
`;

async function runWith(host: ActionHostKind): Promise<RunRecord> {
  const sb = await sandbox({ 'w.yml': WORKFLOW }, { actionsRoot: fixtures, actionHost: host });
  sb.runner.push({ branch: 'main', commits: [{ message: 'go' }], at: T0 + 60_000 });
  const [run] = await sb.runner.settle();
  if (!run) throw new Error('no run');
  await sb.close();
  return run;
}

function steps(run: RunRecord) {
  return run.jobs.flatMap((j) => j.steps.map((s) => ({ job: j.id, ...s })));
}

describe('warm action host', () => {
  it('gives each step its own cwd, env and exit code, as a process per step does', async () => {
    const [warm, cold] = [await runWith('worker'), await runWith('process')];
    for (const run of [warm, cold]) {
      const all = steps(run);
      expect(all.map((s) => `${s.job}/${s.id}:${s.outcome}`)).toEqual(['a/one:success', 'a/two:failure', 'a/three:success', 'b/one:success']);
      for (const s of all) {
        // the job's workspace, not the first step's (a cached cwd would leak job a's into job b)
        expect(s.outputs['cwd']).toBe(s.outputs['workspace']);
        expect(s.outputs['resolved']).toBe(`${s.outputs['workspace']}/x`);
        expect(s.outputs['leftover']).toBe('');
        expect(s.outputs['exit-code-seen']).toBe('');
      }
      const [a1, , a3, b1] = all;
      expect(a1?.outputs['cwd']).toBe(a3?.outputs['cwd']);
      expect(b1?.outputs['cwd']).not.toBe(a1?.outputs['cwd']);
      expect(all.map((s) => s.outputs['mark'])).toEqual(['a1', 'a2', 'a3', 'b1']);
      expect(all[1]?.log).toContain('Process completed with exit code 3.');
      expect(all[1]?.annotations).toContainEqual({ level: 'error', message: 'asked to fail' });
      expect(b1?.log).toContain('isolation b1');
    }
    // warm: the action's modules were loaded once for the four steps; cold: once per step
    expect(steps(warm).map((s) => s.outputs['module-loads'])).toEqual(['1', '2', '3', '4']);
    expect(steps(cold).map((s) => s.outputs['module-loads'])).toEqual(['1', '1', '1', '1']);
  });

  it('fails only the step whose action kills its thread, and the next step gets a fresh one', async () => {
    const sb = await sandbox(
      {
        'w.yml': `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - id: exits
        uses: ./actions/isolation
        continue-on-error: true
        env: { ISOLATION_EXIT: '7' }
        with: { mark: x }
      - id: after
        uses: ./actions/isolation
        with: { mark: y }
`,
      },
      { actionsRoot: fixtures, actionHost: 'worker' },
    );
    sb.runner.push({ branch: 'main', commits: [{ message: 'go' }], at: T0 + 60_000 });
    const [run] = await sb.runner.settle();
    const [exits, after] = run?.jobs[0]?.steps ?? [];
    expect(exits?.outcome).toBe('failure');
    expect(exits?.log).toContain('exit code 7');
    expect(after?.outcome).toBe('success');
    expect(after?.outputs['module-loads']).toBe('1');
  });

  it.each(['worker', 'process'] as const)('upload-artifact and download-artifact hand a file from one job to the next (%s host)', async (host) => {
    const sb = await sandbox(
      {
        'w.yml': `on: push
jobs:
  up:
    runs-on: ubuntu-latest
    steps:
      - run: mkdir -p out && echo "made by up" > out/report.txt
      - id: upload
        uses: actions/upload-artifact@v4
        with: { name: reports, path: out/report.txt }
  down:
    needs: up
    runs-on: ubuntu-latest
    outputs:
      text: \${{ steps.read.outputs.text }}
    steps:
      - uses: actions/download-artifact@v4
        with: { name: reports, path: got }
      - id: read
        run: echo "text=$(cat got/report.txt)" >> "$GITHUB_OUTPUT"
`,
      },
      { actionsRoot: fixtures, actionHost: host },
    );
    sb.runner.push({ branch: 'main', commits: [{ message: 'go' }], at: T0 + 60_000 });
    const [run] = await sb.runner.settle();
    const up = run?.jobs.find((j) => j.id === 'up');
    expect(up?.steps[1]?.outcome).toBe('success');
    expect(up?.steps[1]?.outputs['artifact-id']).toMatch(/^\d+$/);
    expect(run?.jobs.find((j) => j.id === 'down')?.outputs['text']).toBe('made by up');
  });
});

