/**
 * Per-file line hit counts in a compact typed array. A 50 MB lcov holds millions of DA records;
 * a Map<number, number> per file would cost ~50 bytes an entry, a Uint32Array indexed by line
 * costs 4 bytes a line, which keeps the parsers within their memory budget.
 */

/** Marks a line with no instrumentation (not executable, so not counted). */
const NONE = 0xffffffff;
/** Hit counts saturate here; only "hit or not" matters for scoring. */
const MAX_HITS = 0xfffffffe;

export class LineHits {
  private hits: Uint32Array = new Uint32Array(0);
  private count = 0;

  /** Records `hits` for `line` (1-based). Repeated records of one line are combined with `merge`. */
  set(line: number, hits: number, merge: 'sum' | 'max' = 'sum'): void {
    if (!Number.isInteger(line) || line < 1) return;
    if (line >= this.hits.length) this.grow(line + 1);
    const value = Math.min(Math.max(0, Math.floor(hits)) || 0, MAX_HITS);
    const prev = this.hits[line] as number;
    if (prev === NONE) {
      this.hits[line] = value;
      this.count += 1;
    } else {
      this.hits[line] = merge === 'sum' ? Math.min(prev + value, MAX_HITS) : Math.max(prev, value);
    }
  }

  /** Hits of an instrumented line, or undefined for a line that is not executable. */
  get(line: number): number | undefined {
    if (line < 1 || line >= this.hits.length) return undefined;
    const value = this.hits[line] as number;
    return value === NONE ? undefined : value;
  }

  /** Number of instrumented lines. */
  get size(): number {
    return this.count;
  }

  /** Instrumented lines with at least one hit. */
  coveredCount(): number {
    let covered = 0;
    for (let i = 1; i < this.hits.length; i += 1) {
      const value = this.hits[i] as number;
      if (value !== NONE && value > 0) covered += 1;
    }
    return covered;
  }

  *entries(): IterableIterator<[line: number, hits: number]> {
    for (let i = 1; i < this.hits.length; i += 1) {
      const value = this.hits[i] as number;
      if (value !== NONE) yield [i, value];
    }
  }

  toMap(): Map<number, number> {
    return new Map(this.entries());
  }

  mergeFrom(other: LineHits, merge: 'sum' | 'max'): void {
    for (const [line, hits] of other.entries()) this.set(line, hits, merge);
  }

  private grow(minLength: number): void {
    // Doubling keeps appends amortised O(1); lcov lists lines in ascending order.
    const next = new Uint32Array(Math.max(minLength, this.hits.length * 2, 64));
    next.fill(NONE, this.hits.length);
    next.set(this.hits);
    this.hits = next;
  }
}
