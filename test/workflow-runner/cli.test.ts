// `auto-pr-sessions run-workflow`: a workflow directory run offline against the local runtime.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

function workflowsDir(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'aps-wf-cli-')), '.github', 'workflows');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('run-workflow', () => {
  it("runs this repository's workflows for a pull request and prints each job and step", async () => {
    const r = await cli('run-workflow', '--event', 'pull_request', '--ref', 'topic');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ci.yml (pull_request.opened refs/pull/1/merge) run ');
    expect(r.out).toMatch(/job test: success/);
    expect(r.out).toMatch(/notice: actions\/setup-node@v5 is not emulated/);
  });

  it('dispatches with inputs, prints JSON, and exits 1 when a run fails', async () => {
    const dir = workflowsDir({
      'd.yml': `on:
  workflow_dispatch:
    inputs:
      ok: { type: boolean, default: true }
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: test "\${{ inputs.ok }}" = true
`,
    });
    const good = await cli('run-workflow', '--workflows', dir, '--event', 'workflow_dispatch', '--run', 'bash', '--json');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out).runs[0].conclusion).toBe('success');
    const bad = await cli('run-workflow', '--workflows', dir, '--event', 'workflow_dispatch', '--run', 'bash', '--input', 'ok=false');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/d\.yml \(workflow_dispatch refs\/heads\/main\) run \d+: failure/);
  });

  it('--repo-dir stands a git clone in for the repository: the checkout writes its files', async () => {
    const root = new URL('../../', import.meta.url).pathname;
    const r = await cli('run-workflow', '--event', 'push', '--ref', 'main', '--repo-dir', root, '--json');
    expect(r.err).toBe('');
    const checkout = JSON.parse(r.out).runs[0].jobs[0].steps[0];
    expect(checkout.name).toBe('Run actions/checkout@v5');
    expect(Number(/checked out (\d+) files/.exec(checkout.log)?.[1])).toBeGreaterThan(100);
    expect((await cli('run-workflow', '--repo-dir', '/tmp')).err).toMatch(/--repo-dir \/tmp is not the root of a git clone/);
  });

  it('says what is wrong with its arguments', async () => {
    expect((await cli('run-workflow', '--event', 'release')).err).toMatch(/--event release: expected one of push, pull_request/);
    expect((await cli('run-workflow', '--workflows', '/nonexistent')).err).toMatch(/--workflows \/nonexistent: no such directory/);
    const dir = workflowsDir({ 'broken.yml': 'on: push\njobs: {}\nnot-a-key: 1\n' });
    const r = await cli('run-workflow', '--workflows', dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/problem: \.github\/workflows\/broken\.yml is invalid and starts no run/);
  });
});
