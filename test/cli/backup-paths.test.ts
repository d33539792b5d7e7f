// The CLI never writes outside the directory it was given, whatever a cache key or artifact name
// holds (issue 9): anyone who can run a workflow in the repository chooses those names.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { cli } from '../helpers/cli.js';
import { seedCache } from '../runtime/helpers/twirp.js';

describe('backup --repo with hostile stream keys', () => {
  it('skips a key that is not a plain directory name and writes nothing outside --out', async () => {
    const runtime = await startRuntime();
    const parent = await mkdtemp(join(tmpdir(), 'aps-backup-paths-'));
    const out = join(parent, 'inner', 'out');
    try {
      const env = runtime.envFor({ ref: 'refs/heads/main', workspace: parent, tempDir: parent });
      for (const key of ['aps1-../../escaped-1-1-abc', 'aps1-../inner-sibling-1-1-abc', 'aps1-/abs/path-1-1-abc']) await seedCache(runtime, env, key, '{}');
      process.env['GITHUB_TOKEN'] = runtime.restToken({ actions: 'read' });
      const r = await cli('backup', '--repo', runtime.repo, '--api-url', runtime.url, '--out', out, '--json');
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ streams: 0, skipped: ['../../escaped', '../inner-sibling', '/abs/path'] });
      expect(r.err).toMatch(/warning: stream key "\.\.\/\.\.\/escaped" is not a plain directory name; skipped/);
      expect(await readdir(parent)).toEqual(['inner']);
      expect(await readdir(join(parent, 'inner'))).toEqual(['out']);
      expect(await readdir(join(out, 'streams'))).toEqual([]);
    } finally {
      delete process.env['GITHUB_TOKEN'];
      await runtime.close();
    }
  });
});
