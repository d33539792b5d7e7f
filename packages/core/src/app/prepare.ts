import type { GitHubClient } from '../adapters/github/client.js';
import type { Logger } from '../adapters/logger.js';
import { type SessionConfig, createAutoPrDetector, forkRepoOf, normalizeEvent, resolveStreamKey, type SessionEvent } from '@auto-pr-sessions/domain';
import type { RunEnv } from './ports.js';

export type Prepared =
  /** Not session-relevant (a tag push, a label change…). */
  | { readonly kind: 'ignored'; readonly reason: string }
  /** Not an auto-PR: scored per push, as without the suite (non_auto_prs: score-each-push). */
  | { readonly kind: 'pass-through'; readonly reason: string; readonly event: SessionEvent }
  | { readonly kind: 'session'; readonly event: SessionEvent; readonly streamKey: string; readonly why: string };

/** Kinds that only make sense for an existing session, so auto-PR detection does not apply. */
const SIGNALS: ReadonlySet<SessionEvent['kind']> = new Set(['complete_command', 'dispatch', 'schedule', 'pr_closed', 'pr_merged', 'pr_ready_for_review', 'pr_converted_to_draft']);

/** An issue_comment payload has no head branch: read it (and the PR text) from the PR. */
async function enrichFromPull(event: SessionEvent, github: GitHubClient | null, env: RunEnv, log: Logger): Promise<SessionEvent> {
  if (event.branch !== null || event.prNumber === null || !github) return event;
  try {
    const { data } = await github.rest.pulls.get({ owner: env.owner, repo: env.repo, pull_number: event.prNumber });
    // a comment on a fork's PR belongs to the fork's own stream, never to a same-named branch here
    const fork = data.head.repo === null || data.head.repo.full_name !== `${env.owner}/${env.repo}`;
    return {
      ...event,
      branch: data.head.ref,
      title: event.title ?? data.title,
      body: event.body ?? data.body ?? null,
      headSha: event.headSha ?? data.head.sha,
      ...(fork ? { fork: true, forkRepo: forkRepoOf(data) } : {}),
    };
  } catch (err) {
    log.warn(`could not read PR #${event.prNumber} to find its branch: ${err instanceof Error ? err.message : String(err)}`);
    return event;
  }
}

/** Schedules and dispatches without `complete` leave every session as it is: nothing to record. */
export function changesState(event: SessionEvent): boolean {
  if (event.kind === 'schedule') return false;
  if (event.kind === 'dispatch') return (event.inputs['complete'] ?? '').toLowerCase() === 'true' || event.inputs['action'] === 'complete';
  return true;
}

/** Applies a `session-id` or `stream` input (workflow_dispatch, manual runs) to pick the stream. */
export function streamFromInput(value: string): string | null {
  if (!value) return null;
  // a session id is `<stream key>-<YYYYMMDDTHHMMSSZ>[-n]`
  return value.replace(/-\d{8}T\d{6}Z(?:-\d+)?$/, '');
}

export async function prepareEvent(args: {
  env: RunEnv;
  config: SessionConfig;
  github: GitHubClient | null;
  log: Logger;
  /** Explicit stream or session id from an input; wins over everything. */
  target?: string;
}): Promise<Prepared> {
  const { env, config, github, log } = args;
  const result = normalizeEvent(env.eventName, env.payload, {
    now: env.now,
    repo: `${env.owner}/${env.repo}`,
    ref: env.ref,
    actor: env.actor,
    completeCommand: config.complete_command,
  });
  if (!result.ok) return { kind: 'ignored', reason: result.ignored };
  const event = await enrichFromPull(result.event, github, env, log);
  // a fork's run is configured by the fork (its workflow file is the PR's): a stream named in an
  // input would let it write into any session, so a fork's event always goes to its own stream
  if (event.fork && args.target) log.info(`session-id input "${args.target}" ignored: the event is from a fork's pull request, which records into its own stream`);
  const explicit = event.fork ? null : streamFromInput(args.target ?? '');
  const detector = createAutoPrDetector(config);
  const why = explicit ? 'stream given as input' : SIGNALS.has(event.kind) ? 'signal for an existing session' : detector.match(event);
  if (!why) {
    if (config.non_auto_prs === 'score-each-push') {
      return { kind: 'pass-through', event, reason: 'not an auto-PR (no pattern matched): scored per push as without the suite' };
    }
  }
  const streamKey = explicit ?? resolveStreamKey(event, config);
  if (!streamKey) return { kind: 'ignored', reason: `cannot tell which session ${event.kind} belongs to (no branch or author)` };
  return { kind: 'session', event: explicit ? { ...event, sessionId: args.target ?? null } : event, streamKey, why: why ?? 'non_auto_prs: session' };
}
