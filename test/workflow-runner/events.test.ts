// Events caused by GITHUB_TOKEN start no workflow except workflow_dispatch and repository_dispatch;
// a dispatch recorded by the runtime starts the dispatched workflow; the cache scope of each run.
import { describe, expect, it } from 'vitest';
import { runtimeClaims, sandbox } from './helpers.js';

describe('events caused by runs', () => {
  it('a push by GITHUB_TOKEN starts nothing; a REST dispatch from a step starts the dispatched workflow', async () => {
    const sb = await sandbox({
      'on-push.yml': `on: push
permissions:
  actions: write
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: |
          node -e "fetch(process.env.GITHUB_API_URL + '/repos/' + process.env.GITHUB_REPOSITORY + '/actions/workflows/target.yml/dispatches', { method: 'POST', headers: { authorization: 'token ' + process.env.GITHUB_TOKEN }, body: JSON.stringify({ ref: 'main', inputs: { who: 'on-push' } }) }).then((r) => { if (r.status !== 204) process.exit(1) })"
`,
      'target.yml': `on:
  workflow_dispatch:
    inputs:
      who: { required: true }
jobs:
  j:
    runs-on: ubuntu-latest
    outputs:
      who: \${{ inputs.who }}
    steps:
      - run: echo ok
`,
    });
    sb.runner.push({ branch: 'main', commits: [{ message: 'by a bot' }], byGithubToken: true });
    expect(await sb.runner.settle()).toEqual([]);
    expect(sb.lines.some((l) => l.includes('push caused by GITHUB_TOKEN: starts no workflow'))).toBe(true);
    sb.runner.push({ branch: 'main', commits: [{ message: 'by a person' }] });
    const runs = await sb.runner.settle();
    expect(runs.map((r) => `${r.workflow}:${r.event}:${r.conclusion}`)).toEqual(['on-push.yml:push:success', 'target.yml:workflow_dispatch:success']);
    expect(runs[1]?.jobs[0]?.outputs['who']).toBe('on-push');
    expect(sb.runtime.github.dispatches()).toHaveLength(1);
  });
});

describe('repository_dispatch', () => {
  it('a step POSTing /dispatches with GITHUB_TOKEN starts the workflows listening to that event_type', async () => {
    const sb = await sandbox({
      'sender.yml': `on: push
permissions:
  contents: write
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: |
          node -e "fetch(process.env.GITHUB_API_URL + '/repos/' + process.env.GITHUB_REPOSITORY + '/dispatches', { method: 'POST', headers: { authorization: 'token ' + process.env.GITHUB_TOKEN }, body: JSON.stringify({ event_type: 'score', client_payload: { session: 's1' } }) }).then((r) => { if (r.status !== 204) process.exit(1) })"
`,
      'score.yml': `on:
  repository_dispatch:
    types: [score]
jobs:
  j:
    runs-on: ubuntu-latest
    outputs:
      got: \${{ github.event.action }}/\${{ github.event.client_payload.session }}/\${{ github.ref }}
    steps:
      - run: echo ok
`,
      'other.yml': `on:
  repository_dispatch:
    types: [deploy]
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: echo no
`,
    });
    sb.runner.push({ branch: 'feat', commits: [{ message: 'go' }] });
    const runs = await sb.runner.settle();
    expect(runs.map((r) => `${r.workflow}:${r.event}:${r.conclusion}`)).toEqual(['sender.yml:push:success', 'score.yml:repository_dispatch:success']);
    expect(runs[1]?.jobs[0]?.outputs['got']).toBe('score/s1/refs/heads/main');
  });
});

describe('workflow_run', () => {
  it('starts the listening workflow when the watched one completes; a fork run makes it untrusted', async () => {
    const sb = await sandbox({
      'ci.yml': `name: CI\non: pull_request\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: exit 0\n`,
      'after.yml': `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
jobs:
  j:
    runs-on: ubuntu-latest
    outputs:
      seen: \${{ github.event.workflow_run.name }}/\${{ github.event.workflow_run.conclusion }}/\${{ github.ref }}
      token: \${{ steps.t.outputs.token }}
    steps:
      - id: t
        run: echo "token=$ACTIONS_RUNTIME_TOKEN" >> "$GITHUB_OUTPUT"
`,
    });
    sb.runner.pullRequest({ action: 'opened', head: 'own' });
    sb.runner.pullRequest({ action: 'opened', head: 'patch', fork: 'stranger/octo-repo', at: sb.clock.now() + 600_000 });
    const runs = await sb.runner.settle();
    const after = runs.filter((r) => r.workflow === 'after.yml');
    expect(after.map((r) => r.jobs[0]?.outputs['seen'])).toEqual(['CI/success/refs/heads/main', 'CI/success/refs/heads/main']);
    expect(runtimeClaims(after[0]?.jobs[0]?.outputs['token'] ?? '').ac[0]).toEqual({ Scope: 'refs/heads/main', Permission: 3 });
    expect(runtimeClaims(after[1]?.jobs[0]?.outputs['token'] ?? '').ac).toEqual([{ Scope: 'refs/heads/main', Permission: 1 }]);
  });
});

describe('cache scope of each run', () => {
  const wf = `on:
  push:
  pull_request:
  issue_comment:
  workflow_dispatch:
  schedule:
    - cron: '0 * * * *'
jobs:
  j:
    runs-on: ubuntu-latest
    outputs:
      token: \${{ steps.t.outputs.token }}
    steps:
      - id: t
        run: echo "token=$ACTIONS_RUNTIME_TOKEN" >> "$GITHUB_OUTPUT"
`;

  it('pull_request_target runs on the base branch with secrets even for a fork, and a read-only cache token', async () => {
    const sb = await sandbox(
      {
        't.yml': `on: pull_request_target
jobs:
  j:
    runs-on: ubuntu-latest
    outputs:
      token: \${{ steps.t.outputs.token }}
      seen: \${{ github.ref }} \${{ github.head_ref }} \${{ secrets.KEY }}
    steps:
      - id: t
        run: echo "token=$ACTIONS_RUNTIME_TOKEN" >> "$GITHUB_OUTPUT"
`,
      },
      { secrets: { KEY: 'k' } },
    );
    sb.runner.pullRequest({ action: 'opened', head: 'patch-1', fork: 'stranger/octo-repo' });
    const [run] = await sb.runner.settle();
    expect(run?.event).toBe('pull_request_target');
    expect(run?.jobs[0]?.outputs['seen']).toBe('refs/heads/main patch-1 k');
    expect(runtimeClaims(run?.jobs[0]?.outputs['token'] ?? '').ac).toEqual([{ Scope: 'refs/heads/main', Permission: 1 }]);
  });

  it('push and dispatch: the branch; pull_request: the merge ref (and the base); schedule and issue_comment: the default branch', async () => {
    const sb = await sandbox({ 'w.yml': wf });
    sb.runner.push({ branch: 'feat', commits: [{ message: 'x' }] });
    sb.runner.pullRequest({ action: 'opened', head: 'topic' });
    sb.runner.dispatch({ workflow: 'w.yml', ref: 'feat' });
    sb.runner.issueComment({ issue: 1, body: '/complete-session' });
    await sb.runner.settle();
    await sb.runner.runUntil(sb.clock.now() + 3_600_000);
    await sb.runner.settle();
    const scopes = Object.fromEntries(sb.runner.runs().map((r) => [r.event, runtimeClaims(r.jobs[0]?.outputs['token'] ?? '').ac]));
    expect(scopes['push']).toEqual([{ Scope: 'refs/heads/feat', Permission: 3 }, { Scope: 'refs/heads/main', Permission: 1 }]);
    expect(scopes['workflow_dispatch']).toEqual([{ Scope: 'refs/heads/feat', Permission: 3 }, { Scope: 'refs/heads/main', Permission: 1 }]);
    expect(scopes['pull_request']).toEqual([{ Scope: 'refs/pull/1/merge', Permission: 3 }, { Scope: 'refs/heads/main', Permission: 1 }]);
    expect(scopes['schedule']).toEqual([{ Scope: 'refs/heads/main', Permission: 3 }]);
    // untrusted trigger: read-only, default branch
    expect(scopes['issue_comment']).toEqual([{ Scope: 'refs/heads/main', Permission: 1 }]);
  });
});
