#!/usr/bin/env node
// Benchmark of `auto-pr-sessions simulate` (figures, not tests): wall time of the CLI, process start
// included, on the real 585-push trace in both scopes, and `simulate --git` on a generated clone of
// SIM_COMMITS commits (default 10 000). Run `npm run build:ts` first.
//   node scripts/bench-sim.mjs            (also: npm run bench -- simulate)
//   SIM_COMMITS=20000 node scripts/bench-sim.mjs
//
// The generated repository (git fast-import, fixed seed): two agents push bursts of 3-40 "Auto-PR:"
// commits 5-90 s apart to a branch auto-pr-N each, merged into main as "Merge pull request #N from
// org/auto-pr-N"; two humans commit to main in between; 20 min to 6 h between bursts.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'packages/cli/dist/bin.js');
const COMMITS = Number(process.env.SIM_COMMITS ?? 10_000);

function simulate(args) {
  const started = process.hrtime.bigint();
  const out = execFileSync(process.execPath, [bin, 'simulate', ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, result: JSON.parse(out.trim().split('\n').at(-1)) };
}

function line(label, { ms, result }) {
  const r = result;
  console.log(`${label.padEnd(52)} ${(ms / 1000).toFixed(1).padStart(5)} s  ${r.pushes} pushes → ${r.sessions} sessions, ${r.scoringRuns} scoring runs (one per push: ${r.perPushRuns}), double-scored ${r.doubleScored}, missed ${r.missed}`);
}

/** A deterministic PRNG (mulberry32), so every run generates the same history. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fast-import stream of about `n` commits (see the header for the shape). */
function history(n) {
  const rand = rng(12);
  const between = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const parts = [];
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let t = Date.parse('2025-01-06T09:00:00Z') / 1000;
  let mark = 0;
  let mainMark;
  let count = 0;
  let pr = 0;
  const commit = (ref, who, email, msg, from, merge) => {
    mark += 1;
    count += 1;
    const when = `${t} +0100`;
    parts.push(`commit ${ref}\nmark :${mark}\nauthor ${who} <${email}> ${when}\ncommitter ${who} <${email}> ${when}\n${data(msg)}`);
    if (from) parts.push(`from :${from}\n`);
    if (merge) parts.push(`merge :${merge}\n`);
    parts.push(`M 644 inline f${mark % 97}.txt\n${data(`${mark}`)}\n`);
    return mark;
  };
  mainMark = commit('refs/heads/main', 'Alice', 'alice@example.com', 'Initial commit', 0, 0);
  while (count < n) {
    t += between(20 * 60, 6 * 3600);
    if (rand() < 0.25) {
      const [who, email] = rand() < 0.5 ? ['Alice', 'alice@example.com'] : ['Bob', 'bob@example.com'];
      for (let i = between(1, 3); i > 0 && count < n; i--) {
        mainMark = commit('refs/heads/main', who, email, `Fix ${mark}: handle the edge case`, mainMark, 0);
        t += between(60, 900);
      }
      continue;
    }
    pr += 1;
    const agent = rand() < 0.6 ? 'agent-a' : 'agent-b';
    const branch = `auto-pr-${pr}`;
    let head = mainMark;
    for (let i = between(3, 40); i > 0 && count < n; i--) {
      head = commit(`refs/heads/${branch}`, agent, `${agent}@example.com`, `Auto-PR: scripts (${between(1, 5)} files)`, head, 0);
      t += between(5, 90);
    }
    t += between(60, 1800);
    mainMark = commit('refs/heads/main', 'GitHub', 'noreply@github.com', `Merge pull request #${pr} from org/${branch}\n\n${branch}`, mainMark, head);
  }
  return `${parts.join('')}done\n`;
}

console.log(`\n## simulate (CLI wall time, process start included; node ${process.version})`);
const trace = join(root, 'examples/verosuite-commit-trace.tsv');
for (const scope of ['author', 'branch']) line(`simulate examples/verosuite-commit-trace.tsv --scope ${scope}`, simulate([trace, '--scope', scope]));

const dir = await mkdtemp(join(tmpdir(), 'aps-bench-git-'));
try {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const started = Date.now();
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: history(COMMITS), maxBuffer: 1 << 26 });
  const made = execFileSync('git', ['-C', dir, 'rev-list', '--all', '--count'], { encoding: 'utf8' }).trim();
  console.log(`generated a clone of ${made} commits in ${((Date.now() - started) / 1000).toFixed(1)} s (git fast-import)`);
  for (const scope of ['author', 'branch']) line(`simulate --git <${made} commits> --scope ${scope}`, simulate(['--git', dir, '--scope', scope]));
} finally {
  await rm(dir, { recursive: true, force: true });
}
