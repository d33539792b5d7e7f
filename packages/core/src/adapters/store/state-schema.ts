/**
 * JSON Schema of a stored stream state (a cache entry's or an artifact's `state.json`, the hand-off
 * file, a stream inside the health index). This module is the source: packages/core/schema/state.schema.json
 * and the precompiled validator (state-validator.generated.ts) are generated from it, and
 * test/trust/state-schema.test.ts fails when they drift (`UPDATE_SCHEMA=1 npx vitest run
 * test/trust/state-schema.test.ts` rewrites both).
 *
 * Every byte read back from a cache or an artifact is untrusted input: anyone who can open a pull
 * request can upload an artifact. The schema is strict (every field typed, every object closed,
 * every string and list bounded) so that a snapshot the fold could choke on is refused as a whole,
 * with the field named, before anything is merged. The bounds equal what `compactEvent` keeps, so
 * whatever the suite itself writes always passes.
 */
import { EVENT_LIMITS, MAX_EVENTS_PER_STREAM, MAX_WRITERS } from '@auto-pr-sessions/domain';

/** A UTC instant as the suite writes it (`toISOString`, or without the milliseconds). */
const INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$';

const text = (title: string, maxLength: number) => ({ title, type: 'string', maxLength }) as const;
const nullableText = (title: string, maxLength: number) => ({ title, type: ['string', 'null'], maxLength }) as const;
const fileList = (title: string) => ({ title, type: 'array', maxItems: EVENT_LIMITS.files, items: { type: 'string', maxLength: EVENT_LIMITS.path } }) as const;

const COMMIT = {
  title: 'Commit of a push',
  type: 'object',
  additionalProperties: false,
  required: ['sha', 'message', 'at', 'added', 'modified', 'removed'],
  properties: {
    sha: text('Commit id', EVENT_LIMITS.short),
    message: text('Commit message (capped)', EVENT_LIMITS.commitMessage),
    at: { title: 'Author time (UTC) or null', type: ['string', 'null'], pattern: INSTANT },
    added: fileList('Added paths'),
    modified: fileList('Modified paths'),
    removed: fileList('Removed paths'),
  },
} as const;

export const EVENT_KINDS = [
  'push',
  'pr_opened',
  'pr_synchronize',
  'pr_reopened',
  'pr_edited',
  'pr_ready_for_review',
  'pr_converted_to_draft',
  'pr_closed',
  'pr_merged',
  'complete_command',
  'dispatch',
  'schedule',
  'score_requested',
  'scored',
  'abandoned',
] as const;

const EVENT = {
  title: 'Session event',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'at', 'repo', 'author', 'actor', 'branch', 'prNumber', 'headSha', 'title', 'body', 'commits', 'draft', 'association', 'inputs', 'sessionId', 'fork'],
  properties: {
    id: { title: 'Event id', type: 'string', minLength: 1, maxLength: EVENT_LIMITS.id },
    kind: { title: 'Event kind', enum: [...EVENT_KINDS] },
    at: { title: 'When (UTC)', type: 'string', pattern: INSTANT },
    repo: text('owner/name', EVENT_LIMITS.short),
    author: text('Author login', EVENT_LIMITS.short),
    actor: text('Actor login', EVENT_LIMITS.short),
    branch: nullableText('Head branch', EVENT_LIMITS.branch),
    prNumber: { title: 'Pull request number', type: ['integer', 'null'], minimum: 0 },
    headSha: nullableText('Head commit', EVENT_LIMITS.short),
    title: nullableText('Pull request title (capped)', EVENT_LIMITS.title),
    body: nullableText('Pull request body (capped)', EVENT_LIMITS.body),
    commits: { title: 'Commits', type: 'array', maxItems: EVENT_LIMITS.commits, items: COMMIT },
    draft: { title: 'Draft', type: ['boolean', 'null'] },
    association: { title: 'Author association', enum: ['OWNER', 'MEMBER', 'COLLABORATOR', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN', 'NONE', null] },
    inputs: {
      title: 'Inputs and details',
      type: 'object',
      maxProperties: EVENT_LIMITS.inputs,
      propertyNames: { maxLength: EVENT_LIMITS.short },
      additionalProperties: { type: 'string', maxLength: EVENT_LIMITS.inputValue },
    },
    sessionId: nullableText('Session a mark is about', EVENT_LIMITS.id),
    fork: { title: 'From a fork', type: 'boolean' },
    forkRepo: {
      title: 'Head repository of a fork pull request',
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['id', 'fullName'],
      properties: { id: { type: 'integer', minimum: 0 }, fullName: { type: 'string', maxLength: EVENT_LIMITS.short } },
    },
  },
} as const;

export const STATE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://auto-pr-sessions.dev/schema/state.schema.json',
  title: 'Auto-PR Sessions stream state',
  description: 'One snapshot of a stream (branch, author, explicit id or fork pull request): the set of its events and the runs folded into it.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'streamKey', 'events'],
  properties: {
    version: { title: 'Snapshot format', const: 1 },
    streamKey: { title: 'Stream key', type: 'string', minLength: 1, maxLength: 512 },
    events: { title: 'Events', type: 'array', maxItems: MAX_EVENTS_PER_STREAM, items: EVENT },
    writers: {
      title: 'Writes folded in (<run id>-<attempt>-<cache key nonce>; <run id>-<attempt> in older snapshots)',
      type: 'array',
      maxItems: MAX_WRITERS,
      items: { type: 'string', pattern: '^\\d{1,20}-\\d{1,6}(?:-[0-9a-f]{1,16})?$' },
    },
  },
} as const;

export function stateSchemaJson(): string {
  return `${JSON.stringify(STATE_SCHEMA, null, 2)}\n`;
}
