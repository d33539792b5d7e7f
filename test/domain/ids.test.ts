import { describe, expect, it } from 'vitest';
import { safeIdPart, sessionIdFor, streamKey } from '@auto-pr-sessions/core';

const SAFE = /^[A-Za-z0-9._-]+$/;
const hostile = [
  'feature/résumé-ünïcode',
  'a/b/c',
  'x'.repeat(250),
  '$(rm -rf /); `whoami` && echo "hi" | cat > /etc/passwd',
  'one,two,three',
  '日本語ブランチ',
  '../../etc',
  ' leading and trailing ',
  '-',
  '',
];

describe('session ids are readable and safe', () => {
  it.each(hostile)('safe for cache keys, artifact names and shells: %j', (raw) => {
    const part = safeIdPart(raw);
    expect(part).toMatch(SAFE);
    expect(part.length).toBeLessThanOrEqual(60);
    expect(part).not.toContain(',');
    const id = sessionIdFor(streamKey({ scope: 'branch', name: raw }), '2025-11-19T14:30:12.000Z');
    expect(id).toMatch(SAFE);
    expect(`auto-pr-sessions-v1-${id}-123456-1`.length).toBeLessThanOrEqual(512);
  });

  it('keeps simple names as they are', () => {
    expect(safeIdPart('auto-pr-1763746481')).toBe('auto-pr-1763746481');
    expect(streamKey({ scope: 'author', name: 'octocat' })).toBe('a-octocat');
    expect(sessionIdFor('b-main', '2025-11-19T14:30:12.000Z')).toBe('b-main-20251119T143012Z');
  });

  it('keeps distinct inputs distinct when sanitising merges them', () => {
    expect(safeIdPart('feature/x')).not.toBe(safeIdPart('feature-x'));
    expect(safeIdPart('a,b')).not.toBe(safeIdPart('a;b'));
    expect(safeIdPart('x'.repeat(250))).not.toBe(safeIdPart('x'.repeat(249)));
  });

  it('stays readable for unicode', () => {
    expect(safeIdPart('feature/résumé')).toMatch(/^feature-resume-[0-9a-f]{8}$/);
  });

  it('is deterministic', () => {
    for (const raw of hostile) expect(safeIdPart(raw)).toBe(safeIdPart(raw));
  });
});
