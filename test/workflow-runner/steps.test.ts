// Steps: local actions run from their action.yml as the runner does, actions/checkout is emulated from
// the runtime's repository, other actions are stubs, run: steps are bash or stubs of virtual duration.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveAction } from '@auto-pr-sessions/runtime';
import { sandbox, T0 } from './helpers.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('steps', () => {
  it('runs a local action: with + defaults (expressions too) as INPUT_*, outputs, env, summary, annotations, the virtual now', async () => {
    const sb = await sandbox(
      {
        'w.yml': `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    outputs:
      all: \${{ toJSON(steps.e.outputs) }}
      later: \${{ steps.after.outputs.v }}
    steps:
      - id: e
        uses: ./actions/echo
        with:
          message: hello \${{ github.actor }}
      - id: after
        run: echo "v=$FROM_ACTION" >> "$GITHUB_OUTPUT"
      - id: remote
        uses: some-org/some-repo/actions/echo@v1
        with:
          message: mapped
`,
      },
      { actionsRoot: fixtures },
    );
    sb.runner.push({ branch: 'main', commits: [{ message: 'the head commit' }], at: T0 + 60_000 });
    const [run] = await sb.runner.settle();
    const job = run?.jobs[0];
    expect(JSON.parse(job?.outputs['all'] ?? '{}')).toEqual({
      echoed: 'hello octocat',
      'token-matches': 'true',
      spaced: 'spaced',
      now: new Date(T0 + 60_000 + 10_000).toISOString(), // the push, then 10 s of job start-up
      event: 'the head commit',
      readme: 'none',
    });
    expect(job?.outputs['later']).toBe('set-by-echo');
    expect(job?.steps[2]?.outputs['echoed']).toBe('mapped');
    expect(job?.summary).toContain('### echo hello octocat');
    expect(job?.steps[0]?.annotations).toEqual([{ level: 'warning', message: 'echo says hello octocat' }]);
  });

  it('maps owner/repo/actions/<name>@ref to this checkout and stubs anything else with a notice', () => {
    expect(resolveAction('auto-pr-sessions/auto-pr-sessions/actions/session-start@v1', fileURLToPath(new URL('../../', import.meta.url)))).toMatchObject({ kind: 'local' });
    expect(resolveAction('actions/setup-node@v5', fixtures)).toEqual({ kind: 'stub', uses: 'actions/setup-node@v5' });
    expect(resolveAction('actions/checkout@v5', fixtures)).toEqual({ kind: 'checkout' });
  });

  it('actions/checkout writes the files at the run sha, or at `ref`, honouring sparse-checkout', async () => {
    const sb = await sandbox(
      {
        'w.yml': `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    outputs:
      head: \${{ steps.head.outputs.files }}
      old: \${{ steps.old.outputs.files }}
      sparse: \${{ steps.sparse.outputs.files }}
    steps:
      - uses: actions/checkout@v5
      - id: head
        run: echo "files=$(find . -type f | sort | tr '\\n' ' ')$(cat a.txt)" >> "$GITHUB_OUTPUT"
      - uses: actions/checkout@v5
        with:
          ref: \${{ github.event.before }}
      - id: old
        run: echo "files=$(find . -type f | sort | tr '\\n' ' ')$(cat a.txt)" >> "$GITHUB_OUTPUT"
      - uses: actions/checkout@v5
        with:
          sparse-checkout: .github
      - id: sparse
        run: echo "files=$(find . -type f | sort | tr '\\n' ' ')" >> "$GITHUB_OUTPUT"
      - uses: actions/setup-node@v5
`,
      },
      { files: { 'a.txt': 'one', 'src/x.ts': 'x', '.github/cfg.yml': 'c' } },
    );
    sb.runner.push({ branch: 'main', commits: [{ message: 'edit', files: { 'a.txt': 'two', 'src/x.ts': null, 'src/y.ts': 'y' } }] });
    const [run] = await sb.runner.settle();
    const out = run?.jobs[0]?.outputs ?? {};
    expect(out['head']).toBe('./.github/cfg.yml ./a.txt ./src/y.ts two');
    expect(out['old']).toBe('./.github/cfg.yml ./a.txt ./src/x.ts one');
    expect(out['sparse']).toBe('./.github/cfg.yml ./a.txt ');
    const stub = run?.jobs[0]?.steps.at(-1);
    expect(stub?.annotations[0]?.message).toMatch(/actions\/setup-node@v5 is not emulated/);
  });

  it('stub run: steps take the configured virtual time and run nothing', async () => {
    const sb = await sandbox(
      { 'w.yml': `on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: exit 1\n      - run: npm test\n` },
      { runSteps: { mode: 'stub', durationMs: (script) => (script.includes('npm test') ? 300_000 : 1_000) }, timing: { jobStartMs: 5_000 } },
    );
    sb.runner.push({ branch: 'main', commits: [{ message: 'x' }] });
    const [run] = await sb.runner.settle();
    expect(run?.conclusion).toBe('success');
    expect((run?.completedAt ?? 0) - (run?.createdAt ?? 0)).toBe(5_000 + 1_000 + 300_000);
  });
});
