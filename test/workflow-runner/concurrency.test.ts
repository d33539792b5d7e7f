// Concurrency groups: one running and one pending per group; a newer pending run cancels the older
// pending one; cancel-in-progress cancels the running one.
import { describe, expect, it } from 'vitest';
import { sandbox, T0 } from './helpers.js';

const wf = (cancel: string) => `on: push
concurrency:
  group: ci-\${{ github.ref }}
  cancel-in-progress: ${cancel}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: npm test
      - if: cancelled()
        run: echo cleanup
`;

describe('concurrency', () => {
  it('a burst of pushes: the first runs, the later ones queue, and only the newest pending run survives', async () => {
    // each run takes 10 s to start + 120 s of tests; five pushes 5 s apart land while the first runs
    const sb = await sandbox({ 'ci.yml': wf('false') }, { runSteps: { mode: 'stub', durationMs: 120_000 } });
    for (let i = 0; i < 5; i++) sb.runner.push({ branch: 'feat', commits: [{ message: `wip ${i}` }], at: T0 + i * 5_000 });
    sb.runner.push({ branch: 'other', commits: [{ message: 'elsewhere' }], at: T0 + 7_000 });
    await sb.runner.runUntil(T0 + 21_000);
    const [first, second, third, fourth, fifth] = sb.runner.runs().filter((r) => r.ref === 'refs/heads/feat');
    expect([first?.status, second?.status, third?.status, fourth?.status, fifth?.status]).toEqual(['in_progress', 'completed', 'completed', 'completed', 'pending']);
    expect([second?.conclusion, third?.conclusion, fourth?.conclusion]).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(second?.cancelReason).toMatch(/newer run .* took its place as the pending one in concurrency group 'ci-refs\/heads\/feat'/);
    expect(sb.runner.concurrency()).toEqual({
      'ci-refs/heads/feat': { running: `run ${first?.id}`, pending: `run ${fifth?.id}` },
      'ci-refs/heads/other': { running: expect.stringMatching(/^run /) },
    });
    // the REST view agrees
    expect(sb.runtime.github.workflowRun(fifth?.id ?? 0)?.status).toBe('pending');
    const runs = await sb.runner.settle();
    const feat = runs.filter((r) => r.ref === 'refs/heads/feat');
    expect(feat.map((r) => r.conclusion)).toEqual(['success', 'cancelled', 'cancelled', 'cancelled', 'success']);
    // the pending run started only when the running one finished
    expect(feat[4]?.startedAt).toBe(feat[0]?.completedAt);
    expect(runs.find((r) => r.ref === 'refs/heads/other')?.conclusion).toBe('success');
  });

  it('cancel-in-progress cancels the running run; its cancelled() steps still run', async () => {
    const sb = await sandbox({ 'ci.yml': wf('true') }, { runSteps: { mode: 'stub', durationMs: 120_000 } });
    sb.runner.push({ branch: 'feat', commits: [{ message: 'one' }], at: T0 });
    sb.runner.push({ branch: 'feat', commits: [{ message: 'two' }], at: T0 + 30_000 });
    const [one, two] = await sb.runner.settle();
    expect(one?.conclusion).toBe('cancelled');
    expect(one?.cancelReason).toMatch(/cancel-in-progress/);
    expect(one?.jobs[0]?.steps.map((s) => s.outcome)).toEqual(['success', 'success']);
    expect(two?.conclusion).toBe('success');
    expect(two?.jobs[0]?.steps.map((s) => s.outcome)).toEqual(['success', 'skipped']);
    expect(two?.startedAt).toBe(T0 + 30_000);
  });

  it('job-level cancel-in-progress stops the running job: its later steps are skipped, cleanup still runs', async () => {
    const sb = await sandbox(
      {
        'w.yml': `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    concurrency:
      group: j-\${{ github.ref }}
      cancel-in-progress: true
    steps:
      - run: step one
      - run: step two
      - if: always()
        run: cleanup
`,
      },
      { runSteps: { mode: 'stub', durationMs: 60_000 } },
    );
    sb.runner.push({ branch: 'a', commits: [{ message: 'one' }], at: T0 });
    sb.runner.push({ branch: 'a', commits: [{ message: 'two' }], at: T0 + 30_000 });
    const [one, two] = await sb.runner.settle();
    expect(one?.jobs[0]?.steps.map((s) => s.outcome)).toEqual(['success', 'skipped', 'success']);
    expect([one?.jobs[0]?.result, one?.conclusion]).toEqual(['cancelled', 'cancelled']);
    expect(two?.jobs[0]?.steps.map((s) => s.outcome)).toEqual(['success', 'success', 'success']);
  });

  it('job-level concurrency queues jobs of different runs the same way', async () => {
    const sb = await sandbox(
      {
        'deploy.yml': `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    concurrency: production
    steps:
      - run: ./deploy
`,
      },
      { runSteps: { mode: 'stub', durationMs: 60_000 } },
    );
    for (let i = 0; i < 3; i++) sb.runner.push({ branch: `b${i}`, commits: [{ message: `m${i}` }], at: T0 + i * 1_000 });
    const runs = await sb.runner.settle();
    expect(runs.map((r) => r.jobs[0]?.result)).toEqual(['success', 'cancelled', 'success']);
  });
});
