/**
 * Typed normalisation of GitHub webhook payloads into SessionEvents.
 *
 * The payload arrives as `unknown` (GITHUB_EVENT_PATH is whatever the runner wrote), so every field
 * is read through small type guards. All strings stay data: nothing here interprets them beyond
 * comparing or copying. A payload without a field we need yields an `ignored` result that says
 * which field, never an exception: one odd delivery must not turn a contributor's CI red.
 */
import { createHash } from 'node:crypto';
import type { AuthorAssociation, CommitInfo, ForkRepo, SessionEvent, SessionEventKind } from './types.js';

export interface NormalizeOptions {
  /** ISO UTC instant, used when the payload carries no time (dispatch, schedule). */
  now: string;
  /** `owner/name`, used when the payload has no `repository.full_name`. */
  repo?: string;
  /** GITHUB_REF, for dispatch and schedule (their payloads name no head branch). */
  ref?: string;
  /** GITHUB_ACTOR, when the payload has no sender. */
  actor?: string;
  /** The PR comment that completes a session; the config's `complete_command`. */
  completeCommand?: string;
}

export type NormalizeResult =
  | { ok: true; event: SessionEvent }
  /** Why this event is not session-relevant (or which field a malformed payload lacks). */
  | { ok: false; ignored: string };

export const DEFAULT_COMPLETE_COMMAND = '/complete-session';

// ---------------------------------------------------------------------------------------------
// UTC instants

/** ISO-8601 / RFC 3339 date-time that carries its zone: `Z` or a numeric offset. */
const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;
/** Unix seconds as text; at least 9 digits so a bare year such as `2025` is not read as seconds. */
const UNIX_SECONDS_TEXT = /^\d{9,}(?:\.\d+)?$/;
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Canonical form: `YYYY-MM-DDTHH:MM:SSZ`, with `.sss` only when the instant has milliseconds. */
function canonical(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_MS) return null;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Real calendar days, so `2025-02-30` is rejected instead of rolling over to March. */
function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

function parseIsoWithZone(text: string): number | null {
  const m = ISO_WITH_ZONE.exec(text);
  if (!m) return null; // includes naive local times: without a zone the instant is unknowable
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = Number(m[6] ?? '0');
  // truncate (not round) the fraction so .9999 cannot carry into the next second
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (!m[8] && m[9]) {
    const oh = Number(m[10]);
    const om = Number(m[11] ?? '0');
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const local = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, millis);
  // the wall-clock time is `offset` ahead of UTC, so UTC = local − offset
  return local.getTime() - offsetMinutes * 60_000;
}

/**
 * Converts a payload time to a canonical UTC instant. Accepts ISO-8601 with `Z` or an offset
 * (`2025-11-19T20:03:00-05:00` → `2025-11-20T01:03:00Z`) and unix seconds (a push's
 * `repository.pushed_at`). Anything else, including a naive local time, gives null: the original
 * system mixed naive times from different zones and reported a duration of −251 minutes.
 */
export function toUtcInstant(value: string | number | null | undefined): string | null {
  if (typeof value === 'number') return canonical(value * 1000);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (UNIX_SECONDS_TEXT.test(text)) return canonical(Number(text) * 1000);
  const ms = parseIsoWithZone(text);
  return ms === null ? null : canonical(ms);
}

// ---------------------------------------------------------------------------------------------
// Defensive reading of unknown JSON

type Json = Record<string, unknown>;

/** Internal signal for a missing or mistyped field; normalizeEvent turns it into a result. */
class MalformedPayload extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a dotted path through nested objects; undefined as soon as a step is not an object. */
function at(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const key of path.split('.')) {
    if (!isRecord(cur) || !Object.hasOwn(cur, key)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function optString(root: unknown, path: string): string | null {
  const v = at(root, path);
  return typeof v === 'string' ? v : null;
}

/** A non-empty string, or the payload is malformed. */
function reqString(root: unknown, path: string): string {
  const v = optString(root, path);
  if (v === null || v === '') throw new MalformedPayload(`${path} (a non-empty string)`);
  return v;
}

function reqInteger(root: unknown, path: string): number {
  const v = at(root, path);
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new MalformedPayload(`${path} (an integer)`);
  return v;
}

/** An id that GitHub sends as a number (comment ids) but that may arrive as a string. */
function reqId(root: unknown, path: string): string {
  const v = at(root, path);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'string' && v !== '') return v;
  throw new MalformedPayload(`${path} (an id)`);
}

function optBoolean(root: unknown, path: string): boolean | null {
  const v = at(root, path);
  return typeof v === 'boolean' ? v : null;
}

/** A time field that must be present and zoned. */
function reqInstant(root: unknown, path: string): string {
  const v = at(root, path);
  const instant = typeof v === 'string' || typeof v === 'number' ? toUtcInstant(v) : null;
  if (instant === null) throw new MalformedPayload(`${path} (a time with a zone)`);
  return instant;
}

function optInstant(root: unknown, path: string): string | null {
  const v = at(root, path);
  return typeof v === 'string' || typeof v === 'number' ? toUtcInstant(v) : null;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
}

const ASSOCIATIONS: ReadonlySet<string> = new Set<AuthorAssociation>([
  'OWNER',
  'MEMBER',
  'COLLABORATOR',
  'CONTRIBUTOR',
  'FIRST_TIME_CONTRIBUTOR',
  'FIRST_TIMER',
  'MANNEQUIN',
  'NONE',
]);

function isAssociation(value: unknown): value is AuthorAssociation {
  return typeof value === 'string' && ASSOCIATIONS.has(value);
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

interface Common {
  readonly repo: string;
  readonly now: () => string;
}

function repoOf(payload: Json, opts: NormalizeOptions): string {
  const repo = optString(payload, 'repository.full_name') ?? opts.repo ?? '';
  if (repo === '') throw new MalformedPayload('repository.full_name (and no repo option)');
  return repo;
}

/** `now` is only read for events without a time of their own, so it is validated lazily. */
function nowOf(opts: NormalizeOptions): () => string {
  return () => {
    const now = toUtcInstant(opts.now);
    if (now === null) throw new MalformedPayload(`now option (a UTC instant, got ${JSON.stringify(opts.now)})`);
    return now;
  };
}

/** Every field at its empty value; each normaliser sets what its event carries. */
export function baseEvent(id: string, kind: SessionEventKind, when: string, repo: string): SessionEvent {
  return {
    id,
    kind,
    at: when,
    repo,
    author: '',
    actor: '',
    branch: null,
    prNumber: null,
    headSha: null,
    title: null,
    body: null,
    commits: [],
    draft: null,
    association: null,
    inputs: {},
    sessionId: null,
    fork: false,
  };
}

/** `refs/heads/x` → `x`; any other ref (tag, pull, notes) names no branch. */
function branchFromRef(ref: string | null | undefined): string | null {
  if (!ref || !ref.startsWith('refs/heads/')) return null;
  const name = ref.slice('refs/heads/'.length);
  return name === '' ? null : name;
}

type Normalizer = (payload: Json, opts: NormalizeOptions, common: Common) => NormalizeResult;

const ok = (event: SessionEvent): NormalizeResult => ({ ok: true, event });
const ignored = (why: string): NormalizeResult => ({ ok: false, ignored: why });

// ---------------------------------------------------------------------------------------------
// push

const ZERO_SHA = /^0+$/;

function commitOf(raw: unknown, index: number): CommitInfo {
  if (!isRecord(raw)) throw new MalformedPayload(`commits[${index}] (an object)`);
  return {
    sha: reqString(raw, 'id'),
    message: optString(raw, 'message') ?? '',
    at: optInstant(raw, 'timestamp'),
    added: stringList(raw['added']),
    modified: stringList(raw['modified']),
    removed: stringList(raw['removed']),
  };
}

function commitsOf(payload: Json): CommitInfo[] {
  const raw = payload['commits'];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new MalformedPayload('commits (an array)');
  return raw.map(commitOf);
}

const normalizePush: Normalizer = (payload, _opts, common) => {
  const ref = reqString(payload, 'ref');
  if (ref.startsWith('refs/tags/')) return ignored('push of a tag');
  const branch = branchFromRef(ref);
  if (branch === null) return ignored(`push to ${ref}, not a branch`);
  const after = optString(payload, 'after') ?? '';
  if (payload['deleted'] === true || ZERO_SHA.test(after)) return ignored('branch deletion');
  if (after === '') throw new MalformedPayload('after (a non-empty string)');
  // sender.login is the GitHub account; pusher.name is only the git name and may differ
  const author = optString(payload, 'sender.login') || optString(payload, 'pusher.name') || '';
  if (author === '') throw new MalformedPayload('sender.login or pusher.name');
  // pushed_at is when GitHub received the push; a commit timestamp is the author's claim
  const when = optInstant(payload, 'repository.pushed_at') ?? optInstant(payload, 'head_commit.timestamp') ?? common.now();
  return ok({ ...baseEvent(`push:${after}`, 'push', when, common.repo), author, actor: author, branch, headSha: after, commits: commitsOf(payload) });
};

// ---------------------------------------------------------------------------------------------
// pull_request

const PR_KINDS: Readonly<Record<string, SessionEventKind>> = {
  opened: 'pr_opened',
  synchronize: 'pr_synchronize',
  reopened: 'pr_reopened',
  edited: 'pr_edited',
  ready_for_review: 'pr_ready_for_review',
  converted_to_draft: 'pr_converted_to_draft',
  closed: 'pr_closed',
};

/** A fork PR gets a read-only token. A deleted fork leaves head.repo null: still a fork. */
function isFork(pr: Json, repo: string): boolean {
  const head = at(pr, 'head.repo');
  if (!isRecord(head)) return true;
  const base = optString(pr, 'base.repo.full_name') ?? repo;
  return optString(head, 'full_name') !== base;
}

/** The fork's head repository (id and name) that names its stream; id 0 when the fork was deleted. */
export function forkRepoOf(pr: unknown): ForkRepo {
  const id = at(pr, 'head.repo.id');
  return {
    id: typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : 0,
    fullName: optString(pr, 'head.repo.full_name') ?? '',
  };
}

function closedAt(pr: Json, merged: boolean, updatedAt: string): string {
  const closed = optInstant(pr, 'closed_at');
  return (merged ? optInstant(pr, 'merged_at') ?? closed : closed) ?? updatedAt;
}

const normalizePullRequest: Normalizer = (payload, opts, common) => {
  const action = reqString(payload, 'action');
  const base = Object.hasOwn(PR_KINDS, action) ? PR_KINDS[action] : undefined;
  if (base === undefined) return ignored(`pull_request action ${action}`);
  const pr = at(payload, 'pull_request');
  if (!isRecord(pr)) throw new MalformedPayload('pull_request (an object)');
  const number = reqInteger(pr, 'number');
  const headSha = reqString(pr, 'head.sha');
  const updatedAt = reqInstant(pr, 'updated_at');
  const merged = action === 'closed' && pr['merged'] === true;
  const kind: SessionEventKind = merged ? 'pr_merged' : base;
  const when = action === 'closed' ? closedAt(pr, merged, updatedAt) : updatedAt;
  const author = reqString(pr, 'user.login');
  // updated_at changes with every delivery of new information; a redelivery repeats it exactly
  const id = `pr:${number}:${action}:${headSha}:${updatedAt}`;
  return ok({
    ...baseEvent(id, kind, when, common.repo),
    author,
    actor: optString(payload, 'sender.login') || opts.actor || author,
    branch: reqString(pr, 'head.ref'),
    prNumber: number,
    headSha,
    title: optString(pr, 'title'),
    body: optString(pr, 'body'),
    draft: optBoolean(pr, 'draft'),
    ...(isFork(pr, common.repo) ? { fork: true, forkRepo: forkRepoOf(pr) } : {}),
  });
};

// ---------------------------------------------------------------------------------------------
// issue_comment

/** First token of the first non-empty line, so `/complete-session thanks` counts but a quote does not. */
function commandOf(body: string): string {
  const line = body.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.trim().split(/\s+/)[0] ?? '';
}

const normalizeIssueComment: Normalizer = (payload, opts, common) => {
  const action = reqString(payload, 'action');
  if (action !== 'created') return ignored(`comment ${action}`);
  const issue = at(payload, 'issue');
  if (!isRecord(issue)) throw new MalformedPayload('issue (an object)');
  if (!isRecord(issue['pull_request'])) return ignored('comment on an issue, not a PR');
  const command = opts.completeCommand || DEFAULT_COMPLETE_COMMAND;
  const body = optString(payload, 'comment.body') ?? '';
  if (commandOf(body) !== command) return ignored(`comment is not the ${command} command`);
  const association = at(payload, 'comment.author_association');
  return ok({
    ...baseEvent(`comment:${reqId(payload, 'comment.id')}`, 'complete_command', reqInstant(payload, 'comment.created_at'), common.repo),
    author: reqString(issue, 'user.login'),
    actor: reqString(payload, 'comment.user.login'),
    prNumber: reqInteger(issue, 'number'),
    title: optString(issue, 'title'),
    body: optString(issue, 'body'),
    // an unknown association is treated as none: write access must be proven, not assumed
    association: isAssociation(association) ? association : null,
  });
};

// ---------------------------------------------------------------------------------------------
// workflow_dispatch and schedule

/** Dispatch inputs are strings, booleans or numbers; anything else is kept as its JSON text. */
function inputText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '';
  return JSON.stringify(value) ?? '';
}

function inputsOf(payload: Json): Record<string, string> {
  const raw = payload['inputs'];
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw new MalformedPayload('inputs (an object)');
  // fromEntries defines own properties, so a `__proto__` input stays data
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, inputText(v)]));
}

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
}

const normalizeDispatch: Normalizer = (payload, opts, common) => {
  const when = common.now();
  const actor = optString(payload, 'sender.login') || opts.actor || '';
  const inputs = inputsOf(payload);
  const branch = branchFromRef(opts.ref || optString(payload, 'ref'));
  // a dispatch has no delivery id in its payload: its run's instant, actor and inputs identify it
  const id = `dispatch:${when}:${shortHash(JSON.stringify([actor, branch, inputs]))}`;
  return ok({ ...baseEvent(id, 'dispatch', when, common.repo), author: actor, actor, branch, inputs });
};

const normalizeSchedule: Normalizer = (_payload, opts, common) => {
  const when = common.now();
  const actor = opts.actor ?? '';
  return ok({ ...baseEvent(`schedule:${when}`, 'schedule', when, common.repo), author: actor, actor, branch: branchFromRef(opts.ref) });
};

// ---------------------------------------------------------------------------------------------

const NORMALIZERS: Readonly<Record<string, Normalizer>> = {
  push: normalizePush,
  pull_request: normalizePullRequest,
  // same payload as pull_request; the event fork PR workflows use to get a writable token
  pull_request_target: normalizePullRequest,
  issue_comment: normalizeIssueComment,
  workflow_dispatch: normalizeDispatch,
  schedule: normalizeSchedule,
};

/**
 * Turns a webhook payload into a SessionEvent, or says why the event does not concern sessions.
 * Never throws for a payload: a malformed one gives `malformed <event> payload: <what is missing>`.
 */
export function normalizeEvent(eventName: string, payload: unknown, opts: NormalizeOptions): NormalizeResult {
  const normalizer = Object.hasOwn(NORMALIZERS, eventName) ? NORMALIZERS[eventName] : undefined;
  if (normalizer === undefined) return ignored(`event ${eventName} is not session-relevant`);
  // schedule payloads may be empty; every other event must at least be an object
  const body: Json = isRecord(payload) ? payload : {};
  if (!isRecord(payload) && eventName !== 'schedule') return ignored(`malformed ${eventName} payload: not an object`);
  try {
    return normalizer(body, opts, { repo: repoOf(body, opts), now: nowOf(opts) });
  } catch (err) {
    if (err instanceof MalformedPayload) return ignored(`malformed ${eventName} payload: ${err.what}`);
    throw err;
  }
}
