import { describe, expect, it } from 'vitest';
import { containsMarker, DEFAULT_COMPLETION_MARKERS, findMarker } from '@auto-pr-sessions/core';

describe('completion markers match whole words or tokens', () => {
  it('substring markers: "complete" does not fire on "Completed" or "incomplete" (original failure, 124 commits)', () => {
    expect(containsMarker('Auto-PR: scripts — Completed', 'complete')).toBe(false);
    expect(containsMarker('work is incomplete', 'complete')).toBe(false);
    expect(containsMarker('completion of step 2', 'complete')).toBe(false);
    expect(findMarker(['— Completed\n— Completed\n— Completed'], DEFAULT_COMPLETION_MARKERS)).toBeNull();
  });

  it('fires on the word itself, any case, with punctuation around it', () => {
    expect(containsMarker('Session complete.', 'complete')).toBe(true);
    expect(containsMarker('COMPLETE', 'complete')).toBe(true);
    expect(containsMarker('(complete)', 'complete')).toBe(true);
  });

  it('matches multi-word markers across any whitespace', () => {
    expect(containsMarker('This is ready\n for   review', 'ready for review')).toBe(true);
    expect(containsMarker('already for reviewers', 'ready for review')).toBe(false);
  });

  it('matches bracketed tokens and emoji wherever they stand', () => {
    expect(containsMarker('wip[session-complete]', '[session-complete]')).toBe(true);
    expect(containsMarker('tests pass ✅', '✅')).toBe(true);
    expect(containsMarker('[ready]', '[ready]')).toBe(true);
    expect(containsMarker('[not-ready]', '[ready]')).toBe(false);
  });

  it('treats non-ASCII letters as word characters', () => {
    expect(containsMarker('finishedé', 'finished')).toBe(false);
    expect(containsMarker('éfinished', 'finished')).toBe(false);
    expect(containsMarker('finished 🎉', 'finished')).toBe(true);
  });

  it('escapes regex metacharacters in markers', () => {
    expect(containsMarker('a.b', 'a.b')).toBe(true);
    expect(containsMarker('axb', 'a.b')).toBe(false);
  });

  it('returns the first configured marker found', () => {
    expect(findMarker(['nothing', 'final PR here'], DEFAULT_COMPLETION_MARKERS)).toBe('final pr');
    expect(findMarker([null, ''], DEFAULT_COMPLETION_MARKERS)).toBeNull();
  });
});
