import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseConfig, formatIssues } from '@auto-pr-sessions/core';
import { EXIT } from '../exit-codes.js';
import type { InitOptions } from '../init/templates.js';
import { configFile, healthWorkflow, rewardWorkflow } from '../init/templates.js';

export interface InitFile {
  readonly path: string;
  readonly content: string;
}

/** The files `init` writes, relative to the repository root. */
export function initFiles(o: InitOptions): InitFile[] {
  return [
    { path: '.github/workflows/reward.yml', content: rewardWorkflow(o) },
    { path: '.github/workflows/session-health.yml', content: healthWorkflow(o) },
    { path: '.github/auto-pr-sessions.yml', content: configFile(o) },
  ];
}

function scopeArg(v: string): 'branch' | 'author' {
  if (v !== 'branch' && v !== 'author') throw new InvalidArgumentError('expected branch or author');
  return v;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write the reward and session-health workflows and the config into a repository (least-privilege permissions, fork-safe)')
    .option('--dir <dir>', 'repository root', '.')
    .option('--uses <prefix>', 'prefix of the uses: lines (then /<action>@<ref>)', 'auto-pr-sessions/auto-pr-sessions/actions')
    .option('--ref <ref>', 'version of the actions', 'v1')
    .option('--scope <scope>', 'session scope: branch or author', scopeArg, 'branch')
    .option('--test-command <cmd>', 'command that runs the tests with JUnit and lcov output', 'npm ci && npx vitest run --coverage --coverage.reporter=lcov --reporter=junit --outputFile=junit.xml')
    .option('--junit <glob>', 'JUnit report path or glob', 'junit.xml')
    .option('--lcov <path>', 'lcov report path', 'coverage/lcov.info')
    .option('--health-cron <cron>', 'schedule of the health sweep', '*/15 * * * *')
    .option('--force', 'overwrite existing files')
    .option('--dry-run', 'print the files instead of writing them')
    .action(async (opts: { dir: string; uses: string; ref: string; scope: 'branch' | 'author'; testCommand: string; junit: string; lcov: string; healthCron: string; force?: boolean; dryRun?: boolean }) => {
      const files = initFiles({ usesPrefix: opts.uses.replace(/\/$/, ''), ref: opts.ref, scope: opts.scope, testCommand: opts.testCommand, junit: opts.junit, lcov: opts.lcov, healthCron: opts.healthCron });
      const config = files.find((f) => f.path.endsWith('auto-pr-sessions.yml'));
      const checked = config ? parseConfig(config.content, config.path) : null;
      if (checked && !checked.ok) {
        process.stderr.write(`auto-pr-sessions init: the generated config is invalid (a bug):\n${formatIssues(checked.issues)}\n`);
        process.exitCode = EXIT.failure;
        return;
      }
      if (opts.dryRun) {
        for (const f of files) process.stdout.write(`--- ${f.path}\n${f.content}\n`);
        return;
      }
      const existing: string[] = [];
      for (const f of files) if (await exists(join(opts.dir, f.path))) existing.push(f.path);
      if (existing.length > 0 && !opts.force) {
        process.stderr.write(`auto-pr-sessions init: ${existing.join(', ')} already exist in ${opts.dir}; nothing written. Use --force to overwrite, or --dry-run to compare.\n`);
        process.exitCode = EXIT.invalid;
        return;
      }
      for (const f of files) {
        const target = join(opts.dir, f.path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, f.content);
        process.stdout.write(`wrote ${f.path}\n`);
      }
      process.stdout.write('next: commit these files; the reward workflow must be on the default branch for dispatches to work.\n');
    });
}
