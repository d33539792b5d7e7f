// Jobs: needs, if:, outputs, steps.*.outputs, env levels and the ${{ }} contexts.
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

describe('jobs and contexts', () => {
  it('runs jobs in needs order and passes step outputs through job outputs', async () => {
    const sb = await sandbox({
      'w.yml': `on: push
env:
  LEVEL: workflow
  BOTH: workflow
jobs:
  first:
    runs-on: ubuntu-latest
    env:
      BOTH: job
    outputs:
      word: \${{ steps.a.outputs.word }}
      joined: \${{ steps.a.outputs.word }}-\${{ steps.b.outputs.n }}
    steps:
      - id: a
        env:
          STEP: step
        run: echo "word=$LEVEL.$BOTH.$STEP" >> "$GITHUB_OUTPUT"
      - id: b
        run: |
          echo "n=\${{ steps.a.outcome }}" >> "$GITHUB_OUTPUT"
          echo "LATER=from-env-file" >> "$GITHUB_ENV"
      - id: c
        run: echo "later=$LATER \${{ env.LATER }} \${{ runner.os }} \${{ job.status }} \${{ vars.COLOR }} \${{ secrets.KEY }}" >> "$GITHUB_OUTPUT"
  second:
    needs: first
    runs-on: ubuntu-latest
    outputs:
      got: \${{ steps.s.outputs.got }}
    steps:
      - id: s
        run: echo "got=\${{ needs.first.outputs.word }}|\${{ needs.first.outputs.joined }}|\${{ needs.first.result }}|\${{ github.event_name }}|\${{ github.ref_name }}|\${{ github.job }}" >> "$GITHUB_OUTPUT"
`,
    }, { vars: { COLOR: 'blue' }, secrets: { KEY: 's3cret' } });
    sb.runner.push({ branch: 'main', commits: [{ message: 'go' }] });
    const [run] = await sb.runner.settle();
    const first = run?.jobs.find((j) => j.id === 'first');
    expect(first?.outputs).toEqual({ word: 'workflow.job.step', joined: 'workflow.job.step-success' });
    expect(first?.steps[2]?.outputs['later']).toBe('from-env-file from-env-file Linux success blue s3cret');
    expect(run?.jobs.find((j) => j.id === 'second')?.outputs['got']).toBe('workflow.job.step|workflow.job.step-success|success|push|main|second');
    const second = run?.jobs.find((j) => j.id === 'second');
    expect((second?.startedAt ?? 0) >= (first?.completedAt ?? Infinity)).toBe(true);
  });

  it('skips jobs whose if: is false and their dependents; failure() and always() still run', async () => {
    const sb = await sandbox({
      'w.yml': `on: push
jobs:
  gate:
    runs-on: ubuntu-latest
    outputs:
      go: \${{ steps.g.outputs.go }}
    steps:
      - id: g
        run: echo "go=false" >> "$GITHUB_OUTPUT"
  work:
    needs: gate
    if: needs.gate.outputs.go == 'true'
    runs-on: ubuntu-latest
    steps:
      - run: echo work
  after-work:
    needs: work
    runs-on: ubuntu-latest
    steps:
      - run: echo never
  always:
    needs: work
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo always
  broken:
    runs-on: ubuntu-latest
    steps:
      - id: bad
        run: exit 3
      - run: echo skipped after a failure
      - if: failure()
        run: echo cleanup
      - if: always() && steps.bad.outcome == 'failure'
        run: echo saw it
  on-failure:
    needs: broken
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: echo report
`,
    });
    sb.runner.push({ branch: 'main', commits: [{ message: 'go' }] });
    const [run] = await sb.runner.settle();
    const result = Object.fromEntries(run?.jobs.map((j) => [j.id, j.result]) ?? []);
    expect(result).toEqual({ gate: 'success', work: 'skipped', 'after-work': 'skipped', always: 'success', broken: 'failure', 'on-failure': 'success' });
    expect(run?.jobs.find((j) => j.id === 'broken')?.steps.map((s) => s.outcome)).toEqual(['failure', 'skipped', 'success', 'success']);
    expect(run?.conclusion).toBe('failure');
  });

  it('block scalars with expressions keep their YAML value: | keeps lines without indentation, >- folds', async () => {
    const sb = await sandbox({
      'w.yml': `on: push
concurrency:
  group: >-
    g-\${{ github.ref_name }}
    folded
jobs:
  j:
    runs-on: ubuntu-latest
    outputs:
      text: \${{ steps.s.outputs.text }}
    steps:
      - id: s
        run: |
          cat > out.txt <<EOF
          \${{ github.ref_name }}
          EOF
          echo "text=$(cat out.txt)" >> "$GITHUB_OUTPUT"
`,
    });
    sb.runner.push({ branch: 'main', commits: [{ message: 'go' }] });
    const [run] = await sb.runner.settle();
    expect(run?.concurrencyGroup).toBe('g-main folded');
    expect(run?.jobs[0]?.outputs['text']).toBe('main');
  });

  it('continue-on-error keeps the job green while steps.X.outcome says failure', async () => {
    const sb = await sandbox({
      'w.yml': `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    outputs:
      o: \${{ steps.x.outcome }}/\${{ steps.x.conclusion }}
    steps:
      - id: x
        continue-on-error: true
        run: exit 1
      - run: echo still here
`,
    });
    sb.runner.push({ branch: 'main', commits: [{ message: 'go' }] });
    const [run] = await sb.runner.settle();
    expect(run?.conclusion).toBe('success');
    expect(run?.jobs[0]?.outputs['o']).toBe('failure/success');
  });
});
