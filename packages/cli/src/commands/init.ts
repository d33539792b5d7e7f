import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { execFile } from 'node:child_process';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parseConfig, formatIssues } from '@auto-pr-sessions/core';
import { EXIT } from '../exit-codes.js';
import type { InitOptions } from '../init/templates.js';
import { configFile, healthWorkflow, publishWorkflow, rewardWorkflow } from '../init/templates.js';

export interface InitFile {
  readonly path: string;
  readonly content: string;
}

/** The files `init` writes, relative to the repository root. */
export function initFiles(o: InitOptions): InitFile[] {
  return [
    { path: '.github/workflows/reward.yml', content: rewardWorkflow(o) },
    { path: '.github/workflows/reward-publish.yml', content: publishWorkflow(o) },
    { path: '.github/workflows/session-health.yml', content: healthWorkflow(o) },
    { path: '.github/auto-pr-sessions.yml', content: configFile(o) },
  ];
}

const PLACEHOLDER_USES = 'OWNER/auto-pr-sessions/actions';

const run = promisify(execFile);

/** `git -C dir …` without a shell; null when git fails (not a repository, no remote, no git). */
async function git(dir: string, ...args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run('git', ['-C', dir, ...args], { timeout: 10_000 });
    return stdout.trim();
  } catch {
    return null;
  }
}

export interface RepoFacts {
  /** Top level of the work tree, or null when `dir` is not in a git repository. */
  readonly root: string | null;
  readonly defaultBranch: string | null;
  /** `owner/name` of the `origin` remote on GitHub, when it is one. */
  readonly origin: string | null;
}

/** What init can learn from the repository: its default branch (origin's HEAD, else the current branch). */
export async function repoFacts(dir: string): Promise<RepoFacts> {
  const root = await git(dir, 'rev-parse', '--show-toplevel');
  if (root === null) return { root: null, defaultBranch: null, origin: null };
  const originHead = await git(dir, 'symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD');
  const current = await git(dir, 'symbolic-ref', '--quiet', '--short', 'HEAD');
  const defaultBranch = originHead ? originHead.replace(/^origin\//, '') : current || null;
  const url = await git(dir, 'remote', 'get-url', 'origin');
  const m = url ? /github\.com[:/]([A-Za-z0-9-]+\/[A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(url) : null;
  return { root, defaultBranch, origin: m?.[1] ?? null };
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
    .option('--uses <prefix>', `prefix of the uses: lines (then /<action>@<ref>), e.g. my-org/auto-pr-sessions/actions; default: this repository when it holds the actions, else the placeholder ${PLACEHOLDER_USES}`)
    .option('--default-branch <name>', "the repository's default branch (default: origin's HEAD, else the current branch)")
    .option('--ref <ref>', 'version of the actions', 'v1')
    .option('--scope <scope>', 'session scope: branch or author', scopeArg, 'branch')
    .option('--test-command <cmd>', 'command that runs the tests with JUnit and lcov output', 'npm ci && npx vitest run --coverage --coverage.reporter=lcov --reporter=junit --outputFile=junit.xml')
    .option('--junit <glob>', 'JUnit report path or glob', 'junit.xml')
    .option('--lcov <path>', 'lcov report path', 'coverage/lcov.info')
    .option('--health-cron <cron>', 'schedule of the health sweep', '*/15 * * * *')
    .option('--force', 'overwrite existing files')
    .option('--dry-run', 'print the files instead of writing them')
    .action(async (opts: { dir: string; uses?: string; defaultBranch?: string; ref: string; scope: 'branch' | 'author'; testCommand: string; junit: string; lcov: string; healthCron: string; force?: boolean; dryRun?: boolean }) => {
      const facts = await repoFacts(opts.dir);
      if (facts.root === null && !opts.dryRun) {
        process.stderr.write(`auto-pr-sessions init: ${opts.dir} is not in a git repository; nothing written. Run it in a clone of the repository to set up (or pass --dir PATH), or use --dry-run to print the files.\n`);
        process.exitCode = EXIT.invalid;
        return;
      }
      // the actions' own repository (or a fork of it): uses: points at it; anywhere else: a placeholder said loudly
      const holdsActions = facts.root !== null && facts.origin !== null && (await exists(join(facts.root, 'actions/session-start/action.yml')));
      const usesPrefix = (opts.uses ?? (holdsActions ? `${facts.origin}/actions` : PLACEHOLDER_USES)).replace(/\/$/, '');
      const placeholderOwner = opts.uses === undefined && !holdsActions;
      const defaultBranch = opts.defaultBranch ?? facts.defaultBranch ?? 'main';
      const files = initFiles({ usesPrefix, placeholderOwner, defaultBranch, ref: opts.ref, scope: opts.scope, testCommand: opts.testCommand, junit: opts.junit, lcov: opts.lcov, healthCron: opts.healthCron });
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
      if (placeholderOwner) process.stderr.write(`auto-pr-sessions init: the uses: lines name the placeholder ${PLACEHOLDER_USES}; replace it in .github/workflows/reward.yml, reward-publish.yml and session-health.yml with where you use the actions from, or run init again with --force --uses OWNER/REPO/actions.\n`);
      process.stdout.write(`default branch: ${defaultBranch}${opts.defaultBranch ? '' : facts.defaultBranch ? ' (detected)' : ' (assumed; pass --default-branch)'}\n`);
      process.stdout.write(`next: commit these files to ${defaultBranch}; the reward workflow must be on the default branch for dispatches to work.\n`);
    });
}
