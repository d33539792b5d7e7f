import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { normalizeEvent, toUtcInstant } from '@auto-pr-sessions/core';
import type { NormalizeOptions, NormalizeResult, SessionEvent } from '@auto-pr-sessions/core';

// GitHub's published example payloads; every case below starts from one of them.
interface ExampleGroup {
  readonly name: string;
  readonly examples: ReadonlyArray<Record<string, unknown>>;
}
type Json = Record<string, unknown>;

const require = createRequire(import.meta.url);
const groups = require('@octokit/webhooks-examples/api.github.com/index.json') as ExampleGroup[];

function examples(name: string): Json[] {
  const group = groups.find((g) => g.name === name);
  if (!group) throw new Error(`no webhook examples for ${name}`);
  return group.examples.map((e) => structuredClone(e));
}

function example(name: string, pick: (e: Json) => boolean = () => true): Json {
  const found = examples(name).find(pick);
  if (!found) throw new Error(`no matching webhook example for ${name}`);
  return found;
}

const withAction = (action: string) => (e: Json) => e['action'] === action;

function get(root: unknown, path: string): unknown {
  let cur = root;
  for (const k of path.split('.')) cur = (cur as Json)[k];
  return cur;
}

/** Sets a dotted path in a cloned example (test-side mutation; the library only reads). */
function set(root: Json, path: string, value: unknown): Json {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let cur = root;
  for (const k of keys) cur = cur[k] as Json;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return root;
}

const NOW = '2025-11-20T09:00:00.123Z';
const OPTS: NormalizeOptions = { now: NOW, repo: 'fallback/repo', ref: 'refs/heads/main', actor: 'runner-actor' };

function accepted(r: NormalizeResult): SessionEvent {
  if (!r.ok) throw new Error(`expected an event, got ignored: ${r.ignored}`);
  return r.event;
}

function ignoredReason(r: NormalizeResult): string {
  if (r.ok) throw new Error(`expected ignored, got ${r.event.kind}`);
  return r.ignored;
}

const branchPush = (): Json => example('push', (e) => e['ref'] === 'refs/heads/master' && e['deleted'] === false);
const pr = (action: string): Json => example('pull_request', withAction(action));
/** A PR comment: the issue_comment example plus `issue.pull_request`, as GitHub sends for PRs. */
function prComment(body: string, action = 'created'): Json {
  const p = example('issue_comment', withAction(action));
  set(p, 'issue.pull_request', { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' });
  set(p, 'comment.body', body);
  return p;
}

describe('push', () => {
  it('a branch push becomes a push event with its commits, keyed by the head sha', () => {
    const p = branchPush();
    set(p, 'sender.login', 'agent-bot');
    set(p, 'pusher.name', 'Agent Bot (git name)');
    const e = accepted(normalizeEvent('push', p, OPTS));
    expect(e).toMatchObject({
      id: 'push:6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      kind: 'push',
      at: '2019-05-15T15:20:57Z', // repository.pushed_at 1557933657 (unix seconds)
      repo: 'Codertocat/Hello-World',
      author: 'agent-bot', // sender.login wins over the git name in pusher.name
      actor: 'agent-bot',
      branch: 'master',
      headSha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      prNumber: null,
      fork: false,
    });
    const raw = get(p, 'commits.0') as Json;
    expect(e.commits).toEqual([{ sha: raw['id'], message: raw['message'], at: '2019-05-15T15:19:25Z', added: raw['added'], modified: raw['modified'], removed: raw['removed'] }]);
    expect(e.commits[0]?.message).toBe('Initial commit');
  });

  it('falls back to pusher.name when there is no sender', () => {
    const p = set(branchPush(), 'sender', undefined);
    set(p, 'pusher.name', 'git-name');
    expect(accepted(normalizeEvent('push', p, OPTS)).author).toBe('git-name');
  });

  it('time: pushed_at, else head_commit.timestamp, else now', () => {
    const p = branchPush();
    set(p, 'head_commit.timestamp', '2019-05-15T17:19:25+02:00');
    set(p, 'repository.pushed_at', undefined);
    expect(accepted(normalizeEvent('push', p, OPTS)).at).toBe('2019-05-15T15:19:25Z');
    set(p, 'head_commit', null);
    expect(accepted(normalizeEvent('push', p, OPTS)).at).toBe(NOW);
  });

  it('branch names keep their slashes; commit text stays untouched data', () => {
    const p = set(branchPush(), 'ref', 'refs/heads/auto-pr/$(rm -rf ~)');
    set(p, 'commits.0.message', 'auto-pr: `whoami` ${process.exit(1)}\n\nSession-Id: s-1');
    const e = accepted(normalizeEvent('push', p, OPTS));
    expect(e.branch).toBe('auto-pr/$(rm -rf ~)');
    expect(e.commits[0]?.message).toBe('auto-pr: `whoami` ${process.exit(1)}\n\nSession-Id: s-1');
  });

  it('tag pushes and tag deletions from the examples are ignored', () => {
    const tags = examples('push').filter((e) => String(e['ref']).startsWith('refs/tags/'));
    expect(tags.length).toBeGreaterThan(1);
    for (const t of tags) expect(ignoredReason(normalizeEvent('push', t, OPTS))).toBe('push of a tag');
  });

  it('a branch deletion is ignored', () => {
    const p = set(branchPush(), 'deleted', true);
    set(p, 'after', '0'.repeat(40));
    set(p, 'commits', []);
    expect(ignoredReason(normalizeEvent('push', p, OPTS))).toBe('branch deletion');
  });

  it('pushes to other refs are ignored', () => {
    const p = set(branchPush(), 'ref', 'refs/notes/commits');
    expect(ignoredReason(normalizeEvent('push', p, OPTS))).toBe('push to refs/notes/commits, not a branch');
  });

  it('a redelivered push has the same id; a new head a new one', () => {
    const a = accepted(normalizeEvent('push', branchPush(), OPTS));
    const b = accepted(normalizeEvent('push', branchPush(), { ...OPTS, now: '2030-01-01T00:00:00Z' }));
    expect(b.id).toBe(a.id);
    const c = accepted(normalizeEvent('push', set(branchPush(), 'after', 'a'.repeat(40)), OPTS));
    expect(c.id).not.toBe(a.id);
  });
});

describe('pull_request', () => {
  const kinds: Array<[string, SessionEvent['kind']]> = [
    ['opened', 'pr_opened'],
    ['synchronize', 'pr_synchronize'],
    ['reopened', 'pr_reopened'],
    ['ready_for_review', 'pr_ready_for_review'],
    ['converted_to_draft', 'pr_converted_to_draft'],
    ['closed', 'pr_closed'],
  ];

  it.each(kinds)('%s → %s', (action, kind) => {
    const p = pr(action);
    set(p, 'pull_request.user.login', 'agent-bot');
    set(p, 'sender.login', 'someone-else');
    const e = accepted(normalizeEvent('pull_request', p, OPTS));
    expect(e).toMatchObject({
      kind,
      at: toUtcInstant(get(p, action === 'closed' ? 'pull_request.closed_at' : 'pull_request.updated_at') as string),
      repo: 'Codertocat/Hello-World',
      author: 'agent-bot',
      actor: 'someone-else',
      branch: 'changes',
      prNumber: 2,
      headSha: get(p, 'pull_request.head.sha'),
      title: get(p, 'pull_request.title'),
      body: get(p, 'pull_request.body'),
      draft: action === 'converted_to_draft',
      fork: false,
    });
    expect(e.id).toBe(`pr:2:${action}:${String(get(p, 'pull_request.head.sha'))}:${String(get(p, 'pull_request.updated_at'))}`);
  });

  it('edited (derived from opened) → pr_edited with the new title and body', () => {
    const p = set(pr('opened'), 'action', 'edited');
    set(p, 'pull_request.title', 'auto-pr: scripts [session-complete]');
    set(p, 'pull_request.updated_at', '2019-05-15T15:25:00Z');
    const e = accepted(normalizeEvent('pull_request', p, OPTS));
    expect(e).toMatchObject({ kind: 'pr_edited', title: 'auto-pr: scripts [session-complete]', at: '2019-05-15T15:25:00Z' });
  });

  it('closed with merged=true → pr_merged at merged_at', () => {
    const p = pr('closed');
    set(p, 'pull_request.merged', true);
    set(p, 'pull_request.merged_at', '2019-05-15T15:21:17Z');
    const e = accepted(normalizeEvent('pull_request', p, OPTS));
    expect(e.kind).toBe('pr_merged');
    expect(e.at).toBe('2019-05-15T15:21:17Z');
  });

  it('closed without merge → pr_closed at closed_at (not updated_at)', () => {
    const p = set(pr('closed'), 'pull_request.updated_at', '2019-05-15T15:30:00Z');
    const e = accepted(normalizeEvent('pull_request', p, OPTS));
    expect(e.kind).toBe('pr_closed');
    expect(e.at).toBe('2019-05-15T15:21:18Z');
  });

  it('every other action in the examples is ignored with its name', () => {
    const handled = new Set(['opened', 'synchronize', 'reopened', 'edited', 'ready_for_review', 'converted_to_draft', 'closed']);
    const others = examples('pull_request').filter((e) => !handled.has(String(e['action'])));
    expect(others.map((e) => e['action'])).toContain('labeled');
    for (const p of others) expect(ignoredReason(normalizeEvent('pull_request', p, OPTS))).toBe(`pull_request action ${String(p['action'])}`);
  });

  it('a fork PR (head repo differs) and a deleted fork (head.repo null) are forks', () => {
    const fork = set(pr('opened'), 'pull_request.head.repo.full_name', 'contributor/Hello-World');
    expect(accepted(normalizeEvent('pull_request', fork, OPTS)).fork).toBe(true);
    const deleted = set(pr('opened'), 'pull_request.head.repo', null);
    expect(accepted(normalizeEvent('pull_request', deleted, OPTS)).fork).toBe(true);
    expect(accepted(normalizeEvent('pull_request', pr('opened'), OPTS)).fork).toBe(false);
  });

  it('pull_request_target carries the same payload and is read the same way', () => {
    const a = accepted(normalizeEvent('pull_request', pr('opened'), OPTS));
    expect(accepted(normalizeEvent('pull_request_target', pr('opened'), OPTS))).toEqual(a);
  });

  it('ids: a redelivery repeats the id, distinct deliveries differ', () => {
    const id = (p: Json): string => accepted(normalizeEvent('pull_request', p, OPTS)).id;
    const opened = id(pr('opened'));
    expect(id(pr('opened'))).toBe(opened); // the same webhook delivered again
    const edited1 = id(set(set(pr('opened'), 'action', 'edited'), 'pull_request.updated_at', '2019-05-15T15:25:00Z'));
    const edited2 = id(set(set(pr('opened'), 'action', 'edited'), 'pull_request.updated_at', '2019-05-15T15:26:00Z'));
    const sync2 = id(set(pr('synchronize'), 'pull_request.head.sha', 'b'.repeat(40)));
    const ids = [opened, edited1, edited2, id(pr('synchronize')), sync2, id(pr('ready_for_review')), id(pr('converted_to_draft'))];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('issue_comment', () => {
  it('/complete-session on a PR → complete_command', () => {
    const p = prComment('/complete-session');
    set(p, 'comment.user.login', 'maintainer');
    set(p, 'issue.user.login', 'agent-bot');
    const e = accepted(normalizeEvent('issue_comment', p, OPTS));
    expect(e).toMatchObject({
      id: 'comment:492700400',
      kind: 'complete_command',
      at: '2019-05-15T15:20:21Z',
      repo: 'Codertocat/Hello-World',
      author: 'agent-bot',
      actor: 'maintainer',
      association: 'OWNER',
      prNumber: 1,
      branch: null, // an issue_comment names no branch; the app reads it from the PR
    });
  });

  it('the real example (a plain issue) is ignored', () => {
    const p = example('issue_comment', withAction('created'));
    set(p, 'comment.body', '/complete-session');
    expect(ignoredReason(normalizeEvent('issue_comment', p, OPTS))).toBe('comment on an issue, not a PR');
  });

  it.each([
    ['/complete-session', true],
    ['/complete-session thanks, all done', true],
    ['\n\n   /complete-session\nmore text', true],
    ['/complete-session\r\n', true],
    ['Please /complete-session', false],
    ['/complete-sessions', false],
    ['> /complete-session', false],
    ['`/complete-session`', false],
    ['Completed the refactor', false],
    ['thanks\n/complete-session', false],
    ['', false],
  ])('command only as the first token of the first non-empty line: %j → %s', (body, isCommand) => {
    const r = normalizeEvent('issue_comment', prComment(body), OPTS);
    if (isCommand) expect(accepted(r).kind).toBe('complete_command');
    else expect(ignoredReason(r)).toBe('comment is not the /complete-session command');
  });

  it('the command comes from the completeCommand option', () => {
    expect(accepted(normalizeEvent('issue_comment', prComment('/done'), { ...OPTS, completeCommand: '/done' })).kind).toBe('complete_command');
    expect(ignoredReason(normalizeEvent('issue_comment', prComment('/complete-session'), { ...OPTS, completeCommand: '/done' }))).toBe('comment is not the /done command');
  });

  it('edited and deleted comments (real examples) are ignored', () => {
    expect(ignoredReason(normalizeEvent('issue_comment', prComment('/complete-session', 'edited'), OPTS))).toBe('comment edited');
    expect(ignoredReason(normalizeEvent('issue_comment', prComment('/complete-session', 'deleted'), OPTS))).toBe('comment deleted');
  });

  it('an unknown author_association is not trusted', () => {
    const p = set(prComment('/complete-session'), 'comment.author_association', 'ADMIN');
    expect(accepted(normalizeEvent('issue_comment', p, OPTS)).association).toBeNull();
  });

  it('a redelivered comment has the same id', () => {
    const a = accepted(normalizeEvent('issue_comment', prComment('/complete-session'), OPTS));
    const b = accepted(normalizeEvent('issue_comment', prComment('/complete-session'), { ...OPTS, now: '2031-01-01T00:00:00Z' }));
    expect(b.id).toBe(a.id);
  });
});

describe('workflow_dispatch and schedule', () => {
  it('dispatch: time is now, branch from the ref option, inputs as strings', () => {
    const p = example('workflow_dispatch');
    set(p, 'inputs', { complete: true, 'session-id': 'b-auto-pr-1-20251120T010300Z', count: 3, empty: null, nested: { a: 1 } });
    const e = accepted(normalizeEvent('workflow_dispatch', p, { ...OPTS, ref: 'refs/heads/feature/x' }));
    expect(e).toMatchObject({ kind: 'dispatch', at: NOW, branch: 'feature/x', actor: String(get(p, 'sender.login')) });
    expect(e.inputs).toEqual({ complete: 'true', 'session-id': 'b-auto-pr-1-20251120T010300Z', count: '3', empty: '', nested: '{"a":1}' });
    expect(e.id.startsWith(`dispatch:${NOW}:`)).toBe(true);
  });

  it('dispatch: without a ref option the payload ref is used; a tag ref names no branch', () => {
    const p = example('workflow_dispatch');
    expect(accepted(normalizeEvent('workflow_dispatch', p, { now: NOW })).branch).toBe(branchOf(String(p['ref'])));
    expect(accepted(normalizeEvent('workflow_dispatch', p, { ...OPTS, ref: 'refs/tags/v1' })).branch).toBeNull();
  });

  it('dispatch: a `__proto__` input stays data', () => {
    const p = example('workflow_dispatch');
    p['inputs'] = JSON.parse('{"__proto__": "x", "constructor": "y"}') as unknown;
    const e = accepted(normalizeEvent('workflow_dispatch', p, OPTS));
    expect(Object.getPrototypeOf(e.inputs)).toBe(Object.prototype);
    expect(Object.keys(e.inputs).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Json)['x']).toBeUndefined();
  });

  it('dispatch ids: same run same id, different inputs different id', () => {
    const p = example('workflow_dispatch');
    const a = accepted(normalizeEvent('workflow_dispatch', p, OPTS)).id;
    expect(accepted(normalizeEvent('workflow_dispatch', structuredClone(p), OPTS)).id).toBe(a);
    expect(accepted(normalizeEvent('workflow_dispatch', set(p, 'inputs', { complete: 'true' }), OPTS)).id).not.toBe(a);
  });

  it('schedule: time is now, branch from the ref option; an empty payload is fine', () => {
    const e = accepted(normalizeEvent('schedule', { schedule: '*/5 * * * *' }, OPTS));
    expect(e).toMatchObject({ id: `schedule:${NOW}`, kind: 'schedule', at: NOW, branch: 'main', repo: 'fallback/repo', actor: 'runner-actor' });
    expect(accepted(normalizeEvent('schedule', undefined, OPTS)).kind).toBe('schedule');
  });

  it('now is canonicalised to UTC as well', () => {
    expect(accepted(normalizeEvent('schedule', {}, { ...OPTS, now: '2025-11-20T10:00:00+01:00' })).at).toBe('2025-11-20T09:00:00Z');
    expect(ignoredReason(normalizeEvent('schedule', {}, { ...OPTS, now: '2025-11-20 10:00' }))).toMatch(/^malformed schedule payload: now option/);
  });
});

function branchOf(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}

describe('ignored and malformed', () => {
  it.each(['release', 'workflow_run', 'constructor', '__proto__', 'toString', ''])('unknown event %j is ignored', (name) => {
    expect(ignoredReason(normalizeEvent(name, {}, OPTS))).toBe(`event ${name} is not session-relevant`);
  });

  it.each([
    ['push', null, 'malformed push payload: not an object'],
    ['push', 'a string', 'malformed push payload: not an object'],
    ['pull_request', [], 'malformed pull_request payload: not an object'],
    ['pull_request', set(pr('opened'), 'pull_request', undefined), 'malformed pull_request payload: pull_request (an object)'],
    ['pull_request', set(pr('opened'), 'pull_request.head.sha', 42), 'malformed pull_request payload: head.sha (a non-empty string)'],
    ['pull_request', set(pr('opened'), 'pull_request.updated_at', '2019-05-15 15:20:33'), 'malformed pull_request payload: updated_at (a time with a zone)'],
    ['pull_request', set(pr('opened'), 'pull_request.number', '2'), 'malformed pull_request payload: number (an integer)'],
    ['push', set(branchPush(), 'commits', 'many'), 'malformed push payload: commits (an array)'],
    ['push', set(branchPush(), 'commits.0', 7), 'malformed push payload: commits[0] (an object)'],
    ['push', set(set(branchPush(), 'sender', undefined), 'pusher', undefined), 'malformed push payload: sender.login or pusher.name'],
    ['issue_comment', set(prComment('/complete-session'), 'comment.id', undefined), 'malformed issue_comment payload: comment.id (an id)'],
    ['issue_comment', set(prComment('/complete-session'), 'issue', 'x'), 'malformed issue_comment payload: issue (an object)'],
    ['workflow_dispatch', set(example('workflow_dispatch'), 'inputs', ['a']), 'malformed workflow_dispatch payload: inputs (an object)'],
  ])('%s with a broken payload says what is missing (case %#)', (name, payload, reason) => {
    expect(ignoredReason(normalizeEvent(name, payload, OPTS))).toBe(reason);
  });

  it('the repo option fills in a missing repository; without either the payload is malformed', () => {
    const p = set(branchPush(), 'repository', undefined);
    expect(accepted(normalizeEvent('push', p, OPTS)).repo).toBe('fallback/repo');
    expect(ignoredReason(normalizeEvent('push', p, { now: NOW }))).toBe('malformed push payload: repository.full_name (and no repo option)');
  });

  it('never throws: every real example with any top-level or nested field removed or retyped', () => {
    let runs = 0;
    const outcomes = new Set<string>();
    for (const name of ['push', 'pull_request', 'issue_comment', 'workflow_dispatch']) {
      // one example per action keeps the sweep fast; the examples of one action share their shape
      const byAction = new Map(examples(name).map((e) => [String(e['action']) + String(e['ref']), e]));
      for (const original of byAction.values()) {
        if (name === 'issue_comment') set(set(original, 'issue.pull_request', {}), 'comment.body', '/complete-session');
        for (const path of fieldPaths(original, 3)) {
          for (const value of [undefined, null, 0, '', [], {}]) {
            const r = normalizeEvent(name, set(structuredClone(original), path, value), OPTS);
            outcomes.add(r.ok ? 'ok' : r.ignored.startsWith('malformed') ? 'malformed' : 'ignored');
            runs += 1;
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(5_000);
    expect([...outcomes].sort()).toEqual(['ignored', 'malformed', 'ok']);
  });
});

/** Dotted paths of every object field up to `depth` levels, for the robustness sweep. */
function fieldPaths(root: Json, depth: number, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(root)) {
    const path = prefix ? `${prefix}.${k}` : k;
    out.push(path);
    if (depth > 1 && v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...fieldPaths(v as Json, depth - 1, path));
  }
  return out;
}

describe('toUtcInstant', () => {
  it('naive time zones: offsets are converted to UTC instants (original failure: duration -251 min)', () => {
    // A session whose start was recorded in UTC and whose end arrived with a -05:00 offset.
    const opened = set(pr('opened'), 'pull_request.updated_at', '2025-11-20T01:03:00Z');
    const synced = set(pr('synchronize'), 'pull_request.updated_at', '2025-11-19T20:52:00-05:00');
    const start = accepted(normalizeEvent('pull_request', opened, OPTS)).at;
    const end = accepted(normalizeEvent('pull_request', synced, OPTS)).at;
    expect(end).toBe('2025-11-20T01:52:00Z');
    const minutes = (Date.parse(end) - Date.parse(start)) / 60_000;
    expect(minutes).toBe(49);
    // what the original did: read the wall-clock text and ignore the zone
    const naive = (s: string): number => Date.parse(`${s.slice(0, 19)}Z`);
    expect((naive('2025-11-19T20:52:00-05:00') - naive(start)) / 60_000).toBe(-251);
    // and a naive time is refused rather than guessed
    expect(toUtcInstant('2025-11-19T20:52:00')).toBeNull();
    expect(toUtcInstant('2025-11-19T20:03:00-05:00')).toBe('2025-11-20T01:03:00Z');
  });

  it.each([
    ['2025-11-19T20:03:00-05:00', '2025-11-20T01:03:00Z'],
    ['2025-11-20T01:03:00Z', '2025-11-20T01:03:00Z'],
    ['2025-11-20T01:03:00z', '2025-11-20T01:03:00Z'],
    ['2025-11-20T01:03:00+00:00', '2025-11-20T01:03:00Z'],
    ['2025-11-20T06:33:00+05:30', '2025-11-20T01:03:00Z'],
    ['2025-11-20T06:33:00+0530', '2025-11-20T01:03:00Z'],
    ['2025-11-20T03:03:00+02', '2025-11-20T01:03:00Z'],
    ['2025-11-20 01:03:00Z', '2025-11-20T01:03:00Z'],
    ['2025-11-20T01:03Z', '2025-11-20T01:03:00Z'],
    ['2025-11-20T01:03:00.5Z', '2025-11-20T01:03:00.500Z'],
    ['2025-11-20T01:03:00.999999Z', '2025-11-20T01:03:00.999Z'],
    ['2025-11-20T01:03:00.000Z', '2025-11-20T01:03:00Z'],
    ['2024-02-29T23:30:00-01:00', '2024-03-01T00:30:00Z'],
    ['2025-12-31T23:30:00-01:00', '2026-01-01T00:30:00Z'],
    ['2025-01-01T00:30:00+01:00', '2024-12-31T23:30:00Z'],
    ['  2025-11-20T01:03:00Z  ', '2025-11-20T01:03:00Z'],
  ])('ISO %j → %j', (input, expected) => {
    expect(toUtcInstant(input)).toBe(expected);
  });

  it.each([
    [1557933657, '2019-05-15T15:20:57Z'],
    [1557933657.25, '2019-05-15T15:20:57.250Z'],
    ['1557933657', '2019-05-15T15:20:57Z'],
    [0, '1970-01-01T00:00:00Z'],
  ] as Array<[number | string, string]>)('unix seconds %j → %j', (input, expected) => {
    expect(toUtcInstant(input)).toBe(expected);
  });

  it.each([
    '2025-11-19T20:03:00', // naive: zone unknown
    '2025-11-19',
    '2025',
    'yesterday',
    'Wed, 19 Nov 2025 20:03:00 GMT',
    '2025-02-29T00:00:00Z', // not a leap year
    '2025-13-01T00:00:00Z',
    '2025-11-31T00:00:00Z',
    '2025-11-19T24:00:00Z',
    '2025-11-19T23:60:00Z',
    '2025-11-19T23:59:60Z',
    '2025-11-19T20:03:00+24:00',
    '9999-12-31T23:00:00-05:00', // beyond year 9999 in UTC
    '',
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
  ] as Array<string | number | null | undefined>)('garbage %j → null', (input) => {
    expect(toUtcInstant(input)).toBeNull();
  });

  it('canonical output sorts like time across days and offsets', () => {
    const inputs = ['2025-11-20T01:03:00+01:00', '2025-11-19T23:59:00-05:00', 1763600000, '2025-11-20T00:00:00Z'];
    const out = inputs.map((v) => toUtcInstant(v) as string);
    expect([...out].sort()).toEqual([...out].sort((a, b) => Date.parse(a) - Date.parse(b)));
    for (const o of out) expect(o).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
  });
});
