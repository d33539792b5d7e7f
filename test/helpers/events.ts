import type { SessionEvent } from '@auto-pr-sessions/core';
import { baseEvent } from '@auto-pr-sessions/core';

let seq = 0;

/** Builds a SessionEvent for domain tests; webhook normalisation has its own fixture tests. */
export function ev(partial: Partial<SessionEvent> & Pick<SessionEvent, 'kind' | 'at'>): SessionEvent {
  seq += 1;
  return {
    ...baseEvent(partial.id ?? `${partial.kind}:${seq}`, partial.kind, partial.at, 'octo-org/octo-repo'),
    author: 'agent',
    actor: 'agent',
    branch: 'auto-pr-1',
    headSha: partial.kind === 'push' ? `sha${seq}` : null,
    ...partial,
  };
}

export function push(at: string, message = 'Auto-PR: scripts (2 files)', extra: Partial<SessionEvent> = {}): SessionEvent {
  const sha = extra.headSha ?? `sha-${at}-${message.length}`;
  return ev({
    kind: 'push',
    at,
    headSha: sha,
    id: `push:${sha}`,
    commits: [{ sha, message, at, added: [], modified: ['src/a.ts'], removed: [] }],
    ...extra,
  });
}

/** `base` plus `minutes` as an ISO instant. */
export function plus(base: string, minutes: number): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}
