/**
 * Matching report paths to repository paths. Coverage and SARIF tools write absolute paths of the
 * CI checkout (/home/runner/work/repo/repo/src/a.ts), paths relative to a source root (Cobertura:
 * `a.ts` under `<source>/…/src</source>`) or `file://` URIs; diffs use repository-relative paths.
 * Two paths match when one is a whole-segment suffix of the other; the candidate sharing the most
 * trailing segments wins, and a tie between different files is treated as no match rather than
 * a guess.
 */

export function normalizePath(path: string): string {
  let p = path.replace(/\\/g, '/');
  if (/^file:/i.test(p)) p = p.replace(/^file:(\/\/[^/]*)?/i, '');
  return p.replace(/^\.\//, '').replace(/\/{2,}/g, '/');
}

function segments(path: string): string[] {
  return normalizePath(path).split('/').filter((s) => s !== '' && s !== '.');
}

function commonSuffix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n += 1;
  return n;
}

/** An index of report paths by file name, answering "which report path is this repo path?". */
export class PathIndex<T> {
  private readonly byName = new Map<string, { segs: string[]; value: T }[]>();

  constructor(entries: Iterable<[path: string, value: T]>) {
    for (const [path, value] of entries) {
      const segs = segments(path);
      const name = segs[segs.length - 1];
      if (name === undefined) continue;
      const list = this.byName.get(name) ?? [];
      list.push({ segs, value });
      this.byName.set(name, list);
    }
  }

  find(path: string): T | undefined {
    const segs = segments(path);
    const name = segs[segs.length - 1];
    if (name === undefined) return undefined;
    const candidates = this.byName.get(name);
    if (candidates === undefined) return undefined;
    let best: T | undefined;
    let bestLen = 0;
    let tie = false;
    for (const c of candidates) {
      const len = commonSuffix(segs, c.segs);
      // One path must be wholly a suffix of the other, else they are different files.
      if (len < Math.min(segs.length, c.segs.length)) continue;
      if (len > bestLen) {
        best = c.value;
        bestLen = len;
        tie = false;
      } else if (len === bestLen && c.value !== best) tie = true;
    }
    return tie ? undefined : best;
  }
}
