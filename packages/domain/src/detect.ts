import type { SessionConfig } from './config/types.js';
import type { SessionEvent } from './types.js';

/** Longest text a pattern is run against: bounds matching time even for unusual patterns. */
export const PATTERN_TEXT_CAP = 4_096;

/** `Session-Id: X` as a git trailer (own line), `[session: X]` or the original's `[cursor-session: X]`. */
const TRAILER = /^session-id:[ \t]*([\w.-]{1,128})[ \t]*$/imu;
const BODY_MARKER = /\[(?:cursor-)?session:[ \t]*([\w.-]{1,128})[ \t]*\]/iu;

export interface AutoPrDetector {
  /** Why the event counts as an auto-PR (the pattern or rule that matched), or null. */
  match(event: SessionEvent): string | null;
}

/** Texts that auto-PR patterns look at: title, body and every commit message. */
function candidateTexts(event: SessionEvent): string[] {
  const texts: string[] = [];
  if (event.title) texts.push(event.title);
  if (event.body) texts.push(event.body);
  for (const c of event.commits) texts.push(c.message);
  return texts.map((t) => (t.length > PATTERN_TEXT_CAP ? t.slice(0, PATTERN_TEXT_CAP) : t));
}

/** Patterns apply per line so `^auto-pr:` also matches a commit body's subject line. */
function anyLineMatches(re: RegExp, text: string): boolean {
  return text.split('\n').some((line) => re.test(line.trim()));
}

function touchedFiles(event: SessionEvent): number {
  const files = new Set<string>();
  for (const c of event.commits) for (const f of [...c.added, ...c.modified, ...c.removed]) files.add(f);
  return files.size;
}

const MANUAL_WORDS = /\b(test|fix|feature|doc)/iu;

/**
 * Builds the detector from a validated config. Patterns were checked for catastrophic backtracking
 * when the config was loaded; texts are capped here as a second bound.
 */
export function createAutoPrDetector(config: SessionConfig): AutoPrDetector {
  const patterns = config.auto_pr_patterns.map((p) => ({ source: p, re: new RegExp(p, 'iu') }));
  return {
    match(event) {
      // a fork cannot claim an explicit session (its marker is ignored), so it proves nothing here
      if (!event.fork && explicitSessionId(event)) return 'explicit session id';
      const texts = candidateTexts(event);
      for (const { source, re } of patterns) {
        if (texts.some((t) => anyLineMatches(re, t))) return `pattern ${source}`;
      }
      if (config.enable_heuristic_detection) {
        const files = touchedFiles(event);
        if (files > 0 && files < config.min_files_for_manual && !MANUAL_WORDS.test(event.body ?? '')) {
          return `heuristic: ${files} files (< ${config.min_files_for_manual}) and no manual keyword`;
        }
      }
      return null;
    },
  };
}

/** An explicit session id from a commit trailer or a PR body marker; the newest commit wins. */
export function explicitSessionId(event: SessionEvent): string | null {
  for (let i = event.commits.length - 1; i >= 0; i--) {
    const m = TRAILER.exec(event.commits[i]?.message ?? '');
    if (m?.[1]) return m[1];
  }
  for (const text of [event.body, event.title]) {
    const m = text ? BODY_MARKER.exec(text) : null;
    if (m?.[1]) return m[1];
  }
  return null;
}
