#!/usr/bin/env node
// Generates action-docs/<name>.md from each actions/<name>/action.yml with the action-docs package.
//   node scripts/action-docs.mjs          write the pages
//   node scripts/action-docs.mjs --check  exit 1 when a committed page is not current (CI)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const bin = join(root, 'node_modules/action-docs/lib/cli.js');
const outDir = join(root, 'action-docs');
mkdirSync(outDir, { recursive: true });

const actions = readdirSync(join(root, 'actions')).filter((n) => existsSync(join(root, 'actions', n, 'action.yml'))).sort();
const stale = [];
for (const name of actions) {
  const source = join('actions', name, 'action.yml');
  const body = execFileSync(process.execPath, [bin, '--source', source, '--no-banner', '--include-name-header', '--toc-level', '2'], { cwd: root, encoding: 'utf8' });
  const page = `<!-- Generated from ${source} by scripts/action-docs.mjs; do not edit. -->\n\n${body.trim()}\n\n## Usage\n\n\`\`\`yaml\n- uses: <org>/auto-pr-sessions/actions/${name}@v1\n\`\`\`\n`;
  const file = join(outDir, `${name}.md`);
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== page) stale.push(file);
  } else {
    writeFileSync(file, page);
  }
}
const index = `# Action reference\n\nGenerated from each action's \`action.yml\` (\`npm run docs\`).\n\n${actions.map((n) => `- [${n}](${n}.md)`).join('\n')}\n`;
if (check) {
  if (!existsSync(join(outDir, 'README.md')) || readFileSync(join(outDir, 'README.md'), 'utf8') !== index) stale.push(join(outDir, 'README.md'));
  if (stale.length > 0) {
    console.error(`action-docs is stale (${stale.join(', ')}): run 'npm run docs' and commit the result`);
    process.exit(1);
  }
  console.log(`action-docs: ${actions.length} pages current`);
} else {
  writeFileSync(join(outDir, 'README.md'), index);
  console.log(`action-docs: wrote ${actions.length} pages`);
}
