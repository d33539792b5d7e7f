/**
 * Term matching for the rubric's keyword lists. Terms match as whole words, case-insensitively
 * ("fix" does not match "prefix" or "fixture": the original's substring matching made
 * "complete" match "Completed", see original-system.md §16 item 11). A trailing `*` allows any
 * word ending ("optimi*"); a term that starts or ends with punctuation ("expect(") is anchored
 * only on its word side.
 */

const WORD = /[A-Za-z0-9_]/;

function termSource(term: string): string {
  const wildcard = term.endsWith('*');
  const body = wildcard ? term.slice(0, -1) : term;
  const escaped = body.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[\\s_-]+');
  const lead = WORD.test(body[0] ?? '') ? '(?<![A-Za-z0-9_])' : '';
  const tail = wildcard ? '[A-Za-z0-9_]*' : WORD.test(body[body.length - 1] ?? '') ? '(?![A-Za-z0-9_])' : '';
  return `${lead}${escaped}${tail}`;
}

export type TermMatcher = (text: string) => string | undefined;

/** Returns the first matching term's text in `text`, or undefined. */
export function termMatcher(terms: readonly string[]): TermMatcher {
  const usable = terms.filter((t) => t.replace(/\*$/, '').length > 0);
  if (usable.length === 0) return () => undefined;
  const re = new RegExp(usable.map(termSource).join('|'), 'i');
  return (text) => re.exec(text)?.[0];
}

/** Lines that are only a comment: they do not count as code for keyword signals. */
export function isCommentLine(line: string): boolean {
  return /^\s*(\/\/|#|\/\*|\*|<!--|--|;)/.test(line);
}
