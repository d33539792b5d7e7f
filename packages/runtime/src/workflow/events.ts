// Webhook payloads for the events the runner starts workflows on, built from the runtime's repository
// state with the same shapes its REST API answers (webhook objects are the REST objects).
// https://docs.github.com/en/webhooks/webhook-events-and-payloads
import type { CommitRecord, GithubFake, IssueRecord } from '../github-fake.js';
import { Shapes } from '../rest-shapes.js';
import type { LocalRuntime } from '../types.js';
import type { Json } from './expressions.js';

/** An event as the runner dispatches it to workflows. */
export interface RunnerEvent {
  name: string;
  action?: string;
  payload: Record<string, unknown>;
  /** GITHUB_REF of the runs, e.g. refs/heads/x or refs/pull/7/merge. */
  ref: string;
  /** GITHUB_SHA of the runs. */
  sha: string;
  /** The ref branch filters look at (push: the pushed ref; pull_request: the base branch). */
  filterRef?: string;
  /** PR base branch (cache scope readable by the run). */
  baseRef?: string;
  headRef?: string;
  actor: string;
  /** Caused by a GITHUB_TOKEN: starts no workflow but workflow_dispatch and repository_dispatch. */
  byGithubToken: boolean;
  /** A pull request from a fork: read-only token, no secrets. */
  fromFork: boolean;
  /** A run of an untrusted trigger beyond what the event name says (a fork's workflow_run): read-only cache. */
  untrustedCache?: boolean;
  /** workflow_run chain depth (GitHub stops at three levels). */
  depth?: number;
  changedFiles?: string[];
  /** workflow_dispatch: the dispatched workflow's file name or path. */
  workflow?: string;
  /** workflow_dispatch inputs as given. */
  inputs?: Record<string, unknown>;
  /** workflow_run: the name of the workflow whose run this is about. */
  workflowName?: string;
  /** schedule: the cron that fired. */
  schedule?: string;
}

export const ZERO_SHA = '0'.repeat(40);

export class PayloadBuilder {
  private readonly shapes: Shapes;
  private readonly fake: GithubFake;

  constructor(
    runtime: LocalRuntime,
    private readonly now: () => number,
  ) {
    this.fake = runtime.github;
    this.shapes = new Shapes(runtime.github, () => runtime.url);
  }

  private base(actor: string): Record<string, unknown> {
    return { repository: this.shapes.repository(), sender: this.shapes.user(actor) };
  }

  push(ref: string, before: string, commits: CommitRecord[], actor: string): Record<string, unknown> {
    const after = commits.at(-1)?.sha ?? before;
    const commit = (c: CommitRecord): Record<string, Json> => ({
      id: c.sha,
      tree_id: c.sha,
      distinct: true,
      message: c.message,
      timestamp: new Date(c.date).toISOString(),
      url: `https://github.com/${this.fake.repo.fullName}/commit/${c.sha}`,
      author: { name: c.author.name, email: c.author.email, ...(c.author.login ? { username: c.author.login } : {}) },
      committer: { name: c.author.name, email: c.author.email, ...(c.author.login ? { username: c.author.login } : {}) },
      added: c.files.filter((f) => f.status === 'added').map((f) => f.filename),
      removed: c.files.filter((f) => f.status === 'removed').map((f) => f.filename),
      modified: c.files.filter((f) => f.status !== 'added' && f.status !== 'removed').map((f) => f.filename),
    });
    const list = commits.map(commit);
    return {
      ref,
      before,
      after,
      created: before === ZERO_SHA,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `https://github.com/${this.fake.repo.fullName}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits: list,
      head_commit: list.at(-1) ?? null,
      pusher: { name: actor, email: `${actor}@users.noreply.github.com` },
      ...this.base(actor),
      // In push payloads GitHub sends the repository's times as unix seconds; pushed_at is when it
      // received this push (https://docs.github.com/en/webhooks/webhook-events-and-payloads#push).
      repository: { ...this.shapes.repository(), pushed_at: Math.floor(this.now() / 1000), created_at: Math.floor(Date.parse('2020-01-01T00:00:00Z') / 1000) },
    };
  }

  pullRequest(action: string, pr: IssueRecord, actor: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { action, number: pr.number, pull_request: this.shapes.pull(pr), ...extra, ...this.base(actor) };
  }

  issueComment(issue: IssueRecord, commentId: number, association: string, actor: string): Record<string, unknown> {
    const c = this.fake.comment(commentId);
    return {
      action: 'created',
      issue: this.shapes.issue(issue),
      comment: c ? { ...this.shapes.comment(c), author_association: association } : null,
      ...this.base(actor),
    };
  }

  dispatch(workflowPath: string, ref: string, inputs: Record<string, unknown>, actor: string): Record<string, unknown> {
    return { inputs, ref, workflow: workflowPath, ...this.base(actor) };
  }

  workflowRun(action: string, runId: number, workflowPath: string, workflowName: string): Record<string, unknown> {
    const run = this.fake.workflowRun(runId);
    return {
      action,
      workflow_run: run ? this.shapes.workflowRun(run) : null,
      workflow: { name: workflowName, path: workflowPath },
      ...this.base(run?.actor ?? 'octocat'),
    };
  }

  repositoryDispatch(eventType: string, clientPayload: Record<string, unknown>, actor: string): Record<string, unknown> {
    return { action: eventType, branch: this.fake.repo.defaultBranch, client_payload: clientPayload, ...this.base(actor) };
  }

  schedule(cron: string): Record<string, unknown> {
    return { schedule: cron, repository: this.shapes.repository() };
  }
}
