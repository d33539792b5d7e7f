/**
 * Completion markers are matched as whole words or tokens, never as substrings: the original matched
 * "complete" inside "Completed" and "incomplete" and completed sessions at once (brief §2a).
 */

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Longest text examined per field: keeps matching linear and bounded on hostile bodies. */
export const MARKER_TEXT_CAP = 65_536;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Compiles one marker: whitespace inside it matches any run of whitespace; case-insensitive. */
function markerRegExp(marker: string): RegExp {
  const parts = marker.trim().split(/\s+/).map(escapeRegExp);
  return new RegExp(parts.join('\\s+'), 'giu');
}

interface CompiledMarker {
  readonly re: RegExp;
  /** The same pattern without the global flag: a stateless first test that allocates nothing. */
  readonly quick: RegExp;
  readonly first: string | undefined;
  readonly last: string | undefined;
}

/** Compiled markers, by text: the fold checks every push, so compiling once keeps it linear and cheap. */
const compiled = new Map<string, CompiledMarker>();
const MAX_COMPILED = 256;

function compileMarker(trimmed: string): CompiledMarker {
  let c = compiled.get(trimmed);
  if (!c) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    const re = markerRegExp(trimmed);
    c = { re, quick: new RegExp(re.source, 'iu'), first: [...trimmed][0], last: [...trimmed].at(-1) };
    compiled.set(trimmed, c);
  }
  // a global RegExp keeps lastIndex between uses; matchAll clones it, so sharing one is safe
  return c;
}

/** True when `marker` occurs in `text` with no word character glued to a word-character edge. */
export function containsMarker(text: string, marker: string): boolean {
  const trimmed = marker.trim();
  if (trimmed.length === 0) return false;
  const hay = text.length > MARKER_TEXT_CAP ? text.slice(0, MARKER_TEXT_CAP) : text;
  const { re, quick, first, last } = compileMarker(trimmed);
  if (!quick.test(hay)) return false; // the common case: the marker is not there at all
  for (const m of hay.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    // two UTF-16 units either side cover one code point, astral or not
    const before = [...hay.slice(Math.max(0, start - 2), start)].at(-1);
    const after = [...hay.slice(end, end + 2)][0];
    const leftOk = !isWordChar(first) || !isWordChar(before);
    const rightOk = !isWordChar(last) || !isWordChar(after);
    if (leftOk && rightOk) return true;
  }
  return false;
}

/** The first configured marker found in any of the texts, or null. */
export function findMarker(texts: readonly (string | null)[], markers: readonly string[]): string | null {
  for (const marker of markers) {
    for (const text of texts) {
      if (text && containsMarker(text, marker)) return marker;
    }
  }
  return null;
}
