import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// The workspace's packages import one way: scoring (pure) ← domain (pure session domain and config)
// ← core (adapters and use cases) ← runtime (development and test tool) ← cli. The actions ship
// core's bundle (with scoring and domain in it) only, so the bundle must never contain the local
// runtime. This test reads the sources, not the compiled output.

const ROOT = resolve(new URL('../../', import.meta.url).pathname);
const PACKAGES = join(ROOT, 'packages');
/** Package directories, lowest layer first: each may import only packages before it. */
const ORDER = ['scoring', 'domain', 'core', 'runtime', 'cli'];
/** What the pure domain may not import: file system, processes, network, GitHub. */
const IMPURE = /^(?:node:)?(?:fs|child_process|net|http|https|http2|dgram|worker_threads|cluster)(?:\/|$)|^@actions\/|^@octokit\//;

/** Package directory name → npm name (from each package.json). */
function packages(): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of readdirSync(PACKAGES)) {
    const manifest = join(PACKAGES, dir, 'package.json');
    if (existsSync(manifest)) out.set(dir, (JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier of a file: static imports and re-exports, dynamic import(), require(). */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

/** Edges between packages: by npm name, or by a relative path that leaves the package. */
function packageEdges(): Map<string, Set<string>> {
  const pkgs = packages();
  const byName = new Map([...pkgs].map(([dir, name]) => [name, dir]));
  const edges = new Map<string, Set<string>>([...pkgs.keys()].map((d) => [d, new Set<string>()]));
  for (const dir of pkgs.keys()) {
    for (const file of sourceFiles(join(PACKAGES, dir, 'src'))) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        let target: string | undefined;
        if (spec.startsWith('.')) {
          const rel = relative(PACKAGES, resolve(file, '..', spec)).split(sep);
          target = rel[0] === '..' ? undefined : rel[0];
        } else {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          target = byName.get(name);
        }
        if (target && target !== dir) edges.get(dir)!.add(target);
      }
    }
  }
  return edges;
}

/** A cycle in the package graph as a path (first = last), or null. */
function findCycle(edges: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of edges.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

describe('package imports point one way', () => {
  const edges = packageEdges();
  const of = (pkg: string) => [...(edges.get(pkg) ?? [])].sort();

  it('finds the packages and their imports', () => {
    expect([...edges.keys()].sort()).toEqual([...ORDER].sort());
    expect(of('cli')).toContain('core'); // the scan sees imports at all
    expect(of('core')).toEqual(['domain', 'scoring']);
  });

  it('each package imports only the packages before it: scoring ← domain ← core ← runtime ← cli', () => {
    for (const [pkg, targets] of edges) {
      const rank = ORDER.indexOf(pkg);
      expect(rank, `${pkg} is missing from ORDER`).toBeGreaterThanOrEqual(0);
      for (const target of targets) expect(ORDER.indexOf(target), `${pkg} imports ${target}`).toBeLessThan(rank);
    }
  });

  it('no cycle between packages', () => {
    expect(findCycle(edges)).toBeNull();
  });

  it('core (what the actions bundle) imports neither the runtime nor the CLI', () => {
    expect(of('core')).not.toContain('runtime');
    expect(of('core')).not.toContain('cli');
  });

  it('the runtime never imports the CLI', () => {
    expect(of('runtime')).not.toContain('cli');
  });

  it('scoring, when present, imports no other package of the workspace', () => {
    if (!edges.has('scoring')) return;
    expect(of('scoring')).toEqual([]);
  });

  it('domain is pure: no file system, processes, network, @actions/* or @octokit/*', () => {
    // (scoring reads report files it is pointed at, so only the domain is held to this)
    const found: string[] = [];
    for (const file of sourceFiles(join(PACKAGES, 'domain', 'src'))) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) if (IMPURE.test(spec)) found.push(`${relative(ROOT, file)}: ${spec}`);
    }
    expect(sourceFiles(join(PACKAGES, 'domain', 'src')).length).toBeGreaterThan(10);
    expect(found).toEqual([]);
    for (const spec of ['node:fs', 'fs/promises', 'node:child_process', '@actions/core', '@octokit/core', 'node:https']) expect(IMPURE.test(spec), spec).toBe(true);
    for (const spec of ['node:crypto', 'node:vm', 'yaml', './fs-like.js', '@auto-pr-sessions/scoring']) expect(IMPURE.test(spec), spec).toBe(false);
  });

  it('the scan catches every import form and a relative path out of a package', () => {
    const text = [
      "import { a } from '@auto-pr-sessions/runtime';",
      "import type { B } from '../../runtime/src/types.js';",
      "export * from '@auto-pr-sessions/cli/x';",
      "const m = await import('@auto-pr-sessions/runtime');",
      "import './side-effect.js';",
    ].join('\n');
    expect(specifiers(text)).toEqual(['@auto-pr-sessions/runtime', '../../runtime/src/types.js', '@auto-pr-sessions/cli/x', './side-effect.js', '@auto-pr-sessions/runtime']);
    expect(findCycle(new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]]))).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('the shared action bundle holds no development tool', () => {
  const dist = join(ROOT, 'actions', 'dist');
  // names that exist only in packages/runtime: the REST fake, the runtime server, the runner emulation
  const MARKERS = ['class GithubFake', 'startRuntime', 'runActionProcess', 'TwirpServer'];

  it('the markers name the runtime (so their absence means something)', () => {
    const runtime = sourceFiles(join(PACKAGES, 'runtime', 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const marker of MARKERS) expect(runtime, marker).toContain(marker);
  });

  it('actions/dist contains no runtime module', () => {
    expect(existsSync(join(dist, 'index.js')), 'actions/dist/index.js is missing: run npm run build').toBe(true);
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(dist, file), 'utf8');
      for (const marker of MARKERS) expect(text.includes(marker), `actions/dist/${file} contains "${marker}": the bundle pulled in packages/runtime`).toBe(false);
    }
  });

  it('each action.yml runs its two-line main.mjs over the shared bundle', () => {
    const actions = readdirSync(join(ROOT, 'actions')).filter((d) => existsSync(join(ROOT, 'actions', d, 'action.yml')));
    expect(actions.length).toBeGreaterThanOrEqual(4);
    for (const name of actions) {
      expect(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')).toMatch(/^runs:\n {2}using: 'node24'\n {2}main: 'main\.mjs'\n?$/m);
      expect(readFileSync(join(ROOT, 'actions', name, 'main.mjs'), 'utf8')).toContain(`import { run } from '../dist/index.js';\n\nawait run('${name}');`);
      expect(existsSync(join(ROOT, 'actions', name, 'dist')), `actions/${name}/dist is a leftover of the per-action layout`).toBe(false);
    }
  });
});
