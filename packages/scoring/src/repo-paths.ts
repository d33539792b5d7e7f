/**
 * Report paths → repository paths. Coverage and SARIF tools write the paths of the machine they
 * ran on (`/home/runner/work/app/app/src/a.ts`, `file:///tmp/x/src/a.ts`, `D:\a\app\app\src\a.ts`);
 * the diff, the comment and the check run's annotations need `src/a.ts`. The rules, in order
 * (README.md, "Paths"):
 * 1. `file://` URIs and backslashes are normalised (normalizePath);
 * 2. relative paths are repository paths already;
 * 3. a path inside this run's workspace is made relative to it;
 * 4. a path inside a hosted runner's checkout (`/home/runner/work/<r>/<r>/`, macOS, Windows `X:/a/…`,
 *    container `/__w/…`, docker actions' `/github/workspace/`) is made relative to that checkout;
 * 5. a path that ends with a file of the change teaches its prefix as the tool's checkout, and
 *    that prefix is removed from every path that starts with it;
 * 6. anything else is kept absolute: an honest "/opt/x/a.ts" beats a guessed "opt/x/a.ts".
 */
import { normalizePath } from './paths.js';

const HOSTED_CHECKOUTS: readonly RegExp[] = [
  /^\/home\/runner\/work\/[^/]+\/[^/]+\//,
  /^\/Users\/runner\/work\/[^/]+\/[^/]+\//,
  /^[A-Za-z]:\/a\/[^/]+\/[^/]+\//,
  /^\/__w\/[^/]+\/[^/]+\//,
  /^\/github\/workspace\//,
];

const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:\//.test(p);
const withSlash = (p: string): string => (p.endsWith('/') ? p : `${p}/`);

export interface RepoPathOptions {
  /** The workspace of the machine running this scorer (GITHUB_WORKSPACE). */
  workspace?: string;
  /** Repository paths known to exist (the diff's files): they teach a foreign checkout's prefix. */
  known?: readonly string[];
}

export class RepoPaths {
  private readonly workspace: string | undefined;
  private readonly known: readonly string[];
  private readonly roots = new Set<string>();

  constructor(options: RepoPathOptions = {}) {
    this.workspace = options.workspace ? withSlash(normalizePath(options.workspace)) : undefined;
    // Longest first, so `pkg/src/a.ts` is preferred over `src/a.ts`.
    this.known = [...new Set((options.known ?? []).map(normalizePath))].sort((a, b) => b.length - a.length);
  }

  /** Learns checkout prefixes from absolute paths that end with a known repository path (rule 5). */
  learn(paths: Iterable<string>): this {
    if (this.known.length === 0) return this;
    for (const raw of paths) {
      const p = normalizePath(raw).replace(/^\/([A-Za-z]:\/)/, '$1');
      if (!isAbsolute(p) || this.fixed(p) !== undefined) continue;
      const match = this.known.find((k) => p.endsWith(`/${k}`));
      if (match !== undefined) this.roots.add(p.slice(0, p.length - match.length));
    }
    return this;
  }

  private fixed(p: string): string | undefined {
    if (this.workspace !== undefined && p.startsWith(this.workspace)) return p.slice(this.workspace.length);
    for (const re of HOSTED_CHECKOUTS) {
      const m = re.exec(p);
      if (m !== null) return p.slice(m[0].length);
    }
    return undefined;
  }

  /** The repository path for a report path (absolute and kept as is when nothing explains it). */
  resolve(path: string): string {
    const p = normalizePath(path).replace(/^\/([A-Za-z]:\/)/, '$1');
    if (!isAbsolute(p)) return p;
    const fixed = this.fixed(p);
    if (fixed !== undefined) return fixed;
    let best: string | undefined;
    for (const root of this.roots) if (p.startsWith(root) && (best === undefined || root.length > best.length)) best = root;
    return best === undefined ? p : p.slice(best.length);
  }
}

/** Joins a path to a base (a Cobertura `<source>`, a SARIF base URI) unless it is absolute already. */
export function joinBase(base: string, path: string): string {
  const p = normalizePath(path);
  if (isAbsolute(p)) return p;
  return `${withSlash(normalizePath(base))}${p}`;
}
