// permissions: blocks become the GITHUB_TOKEN scopes the runtime enforces; fork pull requests get a
// read-only token and no secrets.
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

// A step that tries to create an issue and reports the REST status.
const createIssue = `node -e "fetch(process.env.GITHUB_API_URL + '/repos/' + process.env.GITHUB_REPOSITORY + '/issues', { method: 'POST', headers: { authorization: 'token ' + process.env.GITHUB_TOKEN }, body: JSON.stringify({ title: 't' }) }).then((r) => console.log('status=' + r.status))" >> "$GITHUB_OUTPUT"`;

const job = (id: string, perms = '') => `  ${id}:
    runs-on: ubuntu-latest
${perms}    outputs:
      status: \${{ steps.s.outputs.status }}
      secret: \${{ steps.k.outputs.secret }}
    steps:
      - id: s
        run: |
          ${createIssue}
      - id: k
        run: echo "secret=\${{ secrets.KEY }}" >> "$GITHUB_OUTPUT"
`;

describe('permissions', () => {
  it('a job-level block replaces the workflow-level one; scopes left out are none', async () => {
    const sb = await sandbox(
      {
        'w.yml': `on: [push, pull_request]
permissions:
  contents: read
  issues: write
jobs:
${job('inherits')}${job('own', '    permissions:\n      pull-requests: write\n')}${job('all-read', '    permissions: read-all\n')}`,
      },
      { secrets: { KEY: 'k1' } },
    );
    sb.runner.push({ branch: 'main', commits: [{ message: 'go' }] });
    const [run] = await sb.runner.settle();
    const jobs = Object.fromEntries(run?.jobs.map((j) => [j.id, j]) ?? []);
    expect(jobs['inherits']?.permissions).toMatchObject({ contents: 'read', issues: 'write', actions: 'none', pull_requests: 'none' });
    expect(jobs['own']?.permissions).toMatchObject({ contents: 'none', issues: 'none', pull_requests: 'write' });
    expect(jobs['all-read']?.permissions).toMatchObject({ contents: 'read', issues: 'read', actions: 'read' });
    // the runtime enforces them
    expect(jobs['inherits']?.outputs['status']).toBe('201');
    expect(jobs['own']?.outputs['status']).toBe('403');
    expect(jobs['all-read']?.outputs['status']).toBe('403');
    expect(jobs['inherits']?.outputs['secret']).toBe('k1');
  });

  it('without any block the repository default applies (restricted: contents read only)', async () => {
    const sb = await sandbox({ 'w.yml': `on: push\njobs:\n${job('j')}` });
    sb.runner.push({ branch: 'main', commits: [{ message: 'go' }] });
    const [run] = await sb.runner.settle();
    expect(run?.jobs[0]?.permissions).toMatchObject({ contents: 'read', issues: 'none', actions: 'none' });
    expect(run?.jobs[0]?.outputs['status']).toBe('403');
    const permissive = await sandbox({ 'w.yml': `on: push\njobs:\n${job('j')}` }, { defaultPermissions: 'permissive' });
    permissive.runner.push({ branch: 'main', commits: [{ message: 'go' }] });
    const [p] = await permissive.runner.settle();
    expect(p?.jobs[0]?.outputs['status']).toBe('201');
  });

  it('a pull request from a fork gets a read-only token and no secrets', async () => {
    const sb = await sandbox({ 'w.yml': `on: pull_request\npermissions: write-all\njobs:\n${job('j')}` }, { secrets: { KEY: 'k1' } });
    sb.runner.pullRequest({ action: 'opened', head: 'patch-1', fork: 'stranger/octo-repo' });
    sb.runner.pullRequest({ action: 'opened', head: 'own-branch' });
    const [fork, own] = await sb.runner.settle();
    expect(fork?.jobs[0]?.permissions).toMatchObject({ contents: 'read', issues: 'read', actions: 'read', pull_requests: 'read' });
    expect(fork?.jobs[0]?.outputs).toEqual({ status: '403', secret: '' });
    expect(own?.jobs[0]?.outputs).toEqual({ status: '201', secret: 'k1' });
  });
});
