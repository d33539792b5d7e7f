// `on:` filters: which events start which workflows, on the virtual clock.
import { describe, expect, it } from 'vitest';
import { sandbox, T0 } from './helpers.js';

const job = `jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`;

describe('on: filters', () => {
  it('push branches, branches-ignore and tags filters, with patterns', async () => {
    const sb = await sandbox(
      {
        'only-main.yml': `on:\n  push:\n    branches: [main, 'release/**']\n${job}`,
        'not-main.yml': `on:\n  push:\n    branches-ignore: [main, 'dependabot/*']\n${job}`,
        'tags.yml': `on:\n  push:\n    tags: ['v*']\n${job}`,
        'negated.yml': `on:\n  push:\n    branches: ['feat/*', '!feat/skip-*']\n${job}`,
      },
      { runSteps: { mode: 'stub' } },
    );
    for (const branch of ['main', 'release/1.2/hotfix', 'feature', 'dependabot/npm', 'feat/a', 'feat/skip-b']) {
      sb.runner.push({ branch, commits: [{ message: branch }] });
    }
    const runs = await sb.runner.settle();
    const by = (wf: string) => runs.filter((r) => r.workflow === wf).map((r) => r.ref.replace('refs/heads/', '')).sort();
    expect(by('only-main.yml')).toEqual(['main', 'release/1.2/hotfix']);
    expect(by('not-main.yml')).toEqual(['feat/a', 'feat/skip-b', 'feature', 'release/1.2/hotfix']); // dependabot/* ignored
    expect(by('tags.yml')).toEqual([]); // only tags: branch pushes do not start it
    expect(by('negated.yml')).toEqual(['feat/a']);
  });

  it('pull_request: default activity types, explicit types, base-branch filter and paths', async () => {
    const sb = await sandbox(
      {
        'default.yml': `on: pull_request\n${job}`,
        'closed.yml': `on:\n  pull_request:\n    types: [closed, ready_for_review]\n${job}`,
        'to-release.yml': `on:\n  pull_request:\n    branches: [release]\n${job}`,
        'docs.yml': `on:\n  pull_request:\n    paths: ['docs/**']\n${job}`,
      },
      { runSteps: { mode: 'stub' } },
    );
    sb.runner.pullRequest({ action: 'opened', head: 'f1', commits: [{ message: 'c', files: { 'src/a.ts': 'x' } }] });
    await sb.runner.settle();
    sb.runner.pullRequest({ action: 'edited', number: 1, title: 'new title' });
    sb.runner.pullRequest({ action: 'ready_for_review', number: 1 });
    sb.runner.pullRequest({ action: 'closed', number: 1, merged: true });
    const runs = await sb.runner.settle();
    const events = (wf: string) => runs.filter((r) => r.workflow === wf).map((r) => r.action);
    expect(events('default.yml')).toEqual(['opened']); // edited, ready_for_review, closed are not default types
    expect(events('closed.yml')).toEqual(['ready_for_review', 'closed']);
    expect(events('to-release.yml')).toEqual([]);
    expect(events('docs.yml')).toEqual([]);
    expect(runs.find((r) => r.workflow === 'default.yml')?.ref).toBe('refs/pull/1/merge');
  });

  it('a push to a pull request branch also sends pull_request synchronize', async () => {
    const sb = await sandbox({ 'pr.yml': `on: pull_request\n${job}`, 'push.yml': `on: push\n${job}` }, { runSteps: { mode: 'stub' } });
    sb.runner.pullRequest({ action: 'opened', head: 'topic' });
    sb.runner.push({ branch: 'topic', commits: [{ message: 'more' }], at: T0 + 60_000 });
    const runs = await sb.runner.settle();
    expect(runs.map((r) => `${r.workflow}:${r.event}${r.action ? `.${r.action}` : ''}`)).toEqual(['pr.yml:pull_request.opened', 'push.yml:push', 'pr.yml:pull_request.synchronize']);
  });

  it('schedule crons fire on the virtual clock, on the default branch', async () => {
    const sb = await sandbox({ 'cron.yml': `on:\n  schedule:\n    - cron: '*/15 * * * *'\n${job}` }, { runSteps: { mode: 'stub' } });
    await sb.runner.runUntil(T0 + 60 * 60_000);
    const runs = sb.runner.runs();
    expect(runs.map((r) => new Date(r.createdAt).toISOString().slice(11, 16))).toEqual(['12:15', '12:30', '12:45', '13:00']);
    expect(runs.every((r) => r.event === 'schedule' && r.ref === 'refs/heads/main')).toBe(true);
  });

  it('workflow_dispatch inputs: defaults, booleans, choices; a wrong input starts nothing and says why', async () => {
    const sb = await sandbox(
      {
        'd.yml': `on:
  workflow_dispatch:
    inputs:
      name: { required: true }
      flag: { type: boolean, default: false }
      level: { type: choice, options: [low, high], default: low }
jobs:
  j:
    runs-on: ubuntu-latest
    outputs:
      seen: \${{ steps.s.outputs.seen }}
    steps:
      - id: s
        run: echo "seen=\${{ inputs.name }}/\${{ inputs.flag }}/\${{ inputs.level }}/\${{ github.event.inputs.name }}" >> "$GITHUB_OUTPUT"
`,
      },
    );
    sb.runner.dispatch({ workflow: 'd.yml', ref: 'main', inputs: { name: 'x', flag: 'true' } });
    sb.runner.dispatch({ workflow: 'd.yml', ref: 'main', inputs: {} });
    sb.runner.dispatch({ workflow: 'd.yml', ref: 'main', inputs: { name: 'y', level: 'extreme' } });
    const runs = await sb.runner.settle();
    expect(runs.map((r) => r.jobs[0]?.outputs['seen'])).toEqual(['x/true/low/x']);
    expect(sb.runner.problems).toEqual([
      ".github/workflows/d.yml workflow_dispatch: required input 'name' not provided",
      ".github/workflows/d.yml workflow_dispatch: input 'level' must be one of low, high, got 'extreme'",
    ]);
  });
});
