/**
 * Finding report files: globs in the workspace (session mode) and discovery by extension and
 * content in downloaded CI artifacts (batch mode). Returns the InputFiles the scoring engine reads.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import type { InputFiles } from '@auto-pr-sessions/scoring';
import { globMatcher } from '@auto-pr-sessions/scoring';
import type { ReportGlobs } from './inputs.js';

/** Directories never searched (dependencies, VCS data, the suite's own scratch space). */
const SKIP_DIRS = new Set(['node_modules', '.git', '.auto-pr-sessions']);
/** Bounds on a workspace walk: a glob must not turn into a crawl of a huge checkout. */
const MAX_WALK_ENTRIES = 50_000;
const MAX_MATCHES = 200;

const GLOB_CHARS = /[*?[\]{}]/;

export interface FoundReports {
  readonly files: InputFiles;
  /** Human-readable list of what was used, for the summary and reward.json. */
  readonly used: string[];
  readonly notes: string[];
}

async function walk(root: string, onFile: (rel: string) => boolean): Promise<void> {
  let seen = 0;
  const queue = [''];
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    let entries;
    try {
      entries = await readdir(join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (++seen > MAX_WALK_ENTRIES) return;
      const rel = dir === '' ? e.name : `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) queue.push(rel);
      } else if (e.isFile()) {
        if (!onFile(rel)) return;
      }
    }
  }
}

/**
 * Expands one input's lines: a line without glob characters is a path (kept even when missing, so
 * the parser reports "file not found" naming it); a glob is matched against workspace paths.
 */
export async function expandGlobs(workspace: string, lines: readonly string[]): Promise<{ paths: string[]; unmatched: string[] }> {
  const paths: string[] = [];
  const unmatched: string[] = [];
  const globs: string[] = [];
  for (const line of lines) {
    if (GLOB_CHARS.test(line)) globs.push(line);
    else paths.push(isAbsolute(line) ? line : join(workspace, line));
  }
  for (const g of globs) {
    // an absolute glob is matched inside the workspace (the only tree this step walks)
    const pattern = isAbsolute(g) ? relative(workspace, g).split(sep).join('/') : g;
    if (pattern.startsWith('..')) {
      unmatched.push(g);
      continue;
    }
    const matches = globMatcher([pattern]);
    const found: string[] = [];
    await walk(workspace, (rel) => {
      if (matches(rel)) found.push(join(workspace, rel));
      return found.length < MAX_MATCHES;
    });
    if (found.length === 0) unmatched.push(g);
    for (const f of found) if (!paths.includes(f)) paths.push(f);
  }
  return { paths, unmatched };
}

/** Resolves the report inputs of session mode against the workspace. */
export async function reportsFromInputs(workspace: string, globs: ReportGlobs): Promise<FoundReports> {
  const files: InputFiles = {};
  const used: string[] = [];
  const notes: string[] = [];
  const show = (p: string) => (p.startsWith(workspace) ? relative(workspace, p).split(sep).join('/') : p);
  const one = async (name: keyof ReportGlobs, input: string, many: boolean): Promise<string[]> => {
    const lines = globs[name];
    if (lines.length === 0) return [];
    const { paths, unmatched } = await expandGlobs(workspace, lines);
    for (const u of unmatched) notes.push(`input ${input}: no file matched ${JSON.stringify(u)} in the workspace; scored without it`);
    if (!many && paths.length > 1) notes.push(`input ${input}: ${paths.length} files matched; using ${show(paths[0] as string)}`);
    const chosen = many ? paths : paths.slice(0, 1);
    for (const p of chosen) used.push(`${input}: ${show(p)}`);
    return chosen;
  };
  const junit = await one('junit', 'junit', true);
  if (junit.length > 0) files.junit = junit;
  const [lcov] = await one('lcov', 'lcov', false);
  if (lcov !== undefined) files.lcov = lcov;
  const [istanbul] = await one('istanbul', 'istanbul', false);
  if (istanbul !== undefined) files.istanbul = istanbul;
  const [cobertura] = await one('cobertura', 'cobertura', false);
  if (cobertura !== undefined) files.cobertura = cobertura;
  const sarif = await one('sarif', 'sarif', true);
  if (sarif.length > 0) files.sarif = sarif;
  const [baseline] = await one('sarifBaseline', 'sarif-baseline', false);
  if (baseline !== undefined) files.sarifBaseline = baseline;
  const [diff] = await one('diff', 'diff', false);
  if (diff !== undefined) files.diff = diff;
  return { files, used, notes };
}

type Kind = 'junit' | 'lcov' | 'istanbul' | 'cobertura' | 'sarif' | 'sarif-baseline' | 'diff';

async function head(file: string, bytes = 4096): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await fh.close();
  }
}

const BASELINE_NAME = /(^|[-_.])(base|baseline)([-_.]|$)/i;

/** What kind of report a file is, from its name and its first bytes; null when it is none. */
export async function classifyReport(file: string): Promise<Kind | null> {
  const name = basename(file).toLowerCase();
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')) : '';
  if (!['.xml', '.info', '.lcov', '.json', '.sarif', '.patch', '.diff'].includes(ext)) return null;
  const size = (await stat(file)).size;
  if (size === 0) return null;
  const text = (await head(file)).trimStart();
  if (ext === '.sarif' || (ext === '.json' && /"runs"\s*:/.test(text) && /sarif/i.test(text))) return BASELINE_NAME.test(name.replace(/\.sarif(\.json)?$/, '')) ? 'sarif-baseline' : 'sarif';
  if (ext === '.xml') {
    if (/<testsuites[\s>]|<testsuite[\s>]/.test(text)) return 'junit';
    if (/<coverage[\s>]/.test(text)) return 'cobertura';
    return null;
  }
  if (ext === '.info' || ext === '.lcov') return /^(TN|SF):/m.test(text) ? 'lcov' : null;
  if (ext === '.json') {
    if (/^\{\s*"total"\s*:/.test(text) || /"statementMap"\s*:/.test(text)) return 'istanbul';
    return null;
  }
  return /^(diff --git |--- |@@ )/m.test(text) ? 'diff' : null;
}

/**
 * Discovers reports under `dir` (downloaded artifacts): JUnit XML, lcov, istanbul JSON, Cobertura
 * XML, SARIF (a name with "base"/"baseline" is the SARIF baseline) and unified diffs. Coverage
 * formats take one file each (istanbul: coverage-final.json before coverage-summary.json).
 */
export async function discoverReports(dir: string, label: (abs: string) => string = (p) => p): Promise<FoundReports> {
  const byKind = new Map<Kind, string[]>();
  const candidates: string[] = [];
  await walk(dir, (rel) => {
    candidates.push(join(dir, rel));
    return candidates.length < MAX_MATCHES * 5;
  });
  for (const file of candidates) {
    const kind = await classifyReport(file).catch(() => null);
    if (!kind) continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), file]);
  }
  const files: InputFiles = {};
  const used: string[] = [];
  const notes: string[] = [];
  const take = (kind: Kind, many: boolean, prefer?: (f: string) => number): string[] => {
    let list = byKind.get(kind) ?? [];
    if (prefer) list = [...list].sort((a, b) => prefer(a) - prefer(b));
    const chosen = many ? list.slice(0, 50) : list.slice(0, 1);
    if (!many && list.length > 1) notes.push(`${list.length} ${kind} reports found; using ${label(chosen[0] as string)}`);
    for (const f of chosen) used.push(`${kind}: ${label(f)}`);
    return chosen;
  };
  const junit = take('junit', true);
  if (junit.length > 0) files.junit = junit;
  const [lcov] = take('lcov', false);
  if (lcov) files.lcov = lcov;
  const [istanbul] = take('istanbul', false, (f) => (basename(f).includes('final') ? 0 : 1));
  if (istanbul) files.istanbul = istanbul;
  const [cobertura] = take('cobertura', false);
  if (cobertura) files.cobertura = cobertura;
  const sarif = take('sarif', true);
  if (sarif.length > 0) files.sarif = sarif;
  const [baseline] = take('sarif-baseline', false);
  if (baseline) files.sarifBaseline = baseline;
  const [diff] = take('diff', false);
  if (diff) files.diff = diff;
  return { files, used, notes };
}
