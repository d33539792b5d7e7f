/** Longest input compared by edit distance; beyond it no sensible suggestion exists anyway. */
const MAX_COMPARED = 64;

/** Levenshtein distance, two rows of memory. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, substitution));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** `timeoutMinutes`, `Timeout-Minutes` and `timeout_minutes` all normalise to `timeoutminutes`. */
function normalise(key: string): string {
  return key.toLowerCase().replace(/[\s_-]/gu, '');
}

/**
 * The candidate a mistyped key most likely meant, or null: same key in another spelling style,
 * then the nearest by edit distance (within a third of the length, at least 2), then a key the
 * input is the start of (`timeout` → `timeout_minutes`).
 */
export function closestKey(input: string, candidates: readonly string[]): string | null {
  if (input.length === 0 || input.length > MAX_COMPARED) return null;
  const norm = normalise(input);
  const sameWord = candidates.find((c) => normalise(c) === norm);
  if (sameWord) return sameWord;
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(input.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(input.toLowerCase(), c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best) return best;
  return norm.length >= 4 ? (candidates.find((c) => normalise(c).startsWith(norm)) ?? null) : null;
}
