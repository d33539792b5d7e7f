// A local workflow runner: events on a virtual clock start the workflows whose `on:` matches, runs
// queue in concurrency groups, jobs run in `needs` order with `if:`, outputs and permissions, and
// steps execute against the local runtime. Everything happens at virtual times in a discrete-event
// queue: a step runs at its start time with the runtime's clock set to it, then the next one is
// scheduled after the step's virtual duration, so runs of pushes seconds apart overlap as on GitHub.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import type { Job, Step } from '@actions/workflow-parser/model/workflow-template';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { CommitFile, CommitRecord, IssueRecord } from '../github-fake.js';
import { BOT_LOGIN } from '../github-fake.js';
import type { LocalRuntime, RunContext } from '../types.js';
import { ConcurrencyGroups, type ConcurrencyMember } from './concurrency.js';
import { PayloadBuilder, ZERO_SHA, type RunnerEvent } from './events.js';
import { asText, evalBool, evalToken, type ExprScope, type Json, type StatusView } from './expressions.js';
import { dispatchInputs, triggers } from './filters.js';
import { findKey, type LoadedWorkflow } from './parser.js';
import { jobPermissions, type TokenPermissions } from './permissions.js';
import { createActionHost, type ActionHost, type ActionHostKind } from './action-host.js';
import { executeStep, type RunStepMode, type StepOutcome, type StepTiming } from './steps.js';

/** The runner's clock; give the runtime `now: clock.now` so both read the same time. */
export class VirtualClock {
  constructor(private t: number) {}
  readonly now = (): number => this.t;
  set(t: number): void {
    if (t > this.t) this.t = t;
  }
}

export interface WorkflowRunnerOptions {
  runtime: LocalRuntime;
  clock: VirtualClock;
  workflows: LoadedWorkflow[];
  /** Where `./path` and `owner/repo/actions/<name>@ref` actions are taken from. Default: this checkout. */
  actionsRoot?: string;
  /** `run:` steps: bash (default) or stubs of virtual duration. */
  runSteps?: RunStepMode;
  timing?: Partial<StepTiming> & {
    /** Virtual time from a job becoming ready to its first step (queue, runner set-up). Default 10 s. */
    jobStartMs?: number;
  };
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  /** The repository's default GITHUB_TOKEN permissions when a workflow sets none. Default restricted. */
  defaultPermissions?: 'restricted' | 'permissive';
  /** Actions declaring a `now` input get the virtual time in it. Default true. */
  virtualNowInput?: boolean;
  /** Environment the steps inherit (PATH, HOME); default the current process's PATH and HOME. */
  baseEnv?: Record<string, string>;
  log?: (line: string) => void;
  /** Sees (and may change) every event before it starts workflows, e.g. to patch its payload. */
  eventHook?: (ev: RunnerEvent) => RunnerEvent;
  /**
   * How node actions run: 'process' (default, as on GitHub: a process per step) or 'worker' (warm
   * threads that keep the action's modules compiled; for long replays). Call close() when done.
   */
  actionHost?: ActionHostKind;
}

export type RunStatus = 'queued' | 'pending' | 'in_progress' | 'completed';
export type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface StepRecord {
  id: string;
  name: string;
  outcome: StepOutcome;
  conclusion: StepOutcome;
  outputs: Record<string, string>;
  startedAt: number;
  log: string;
  annotations: { level: string; message: string }[];
}

export interface JobRecord {
  id: string;
  name: string;
  status: 'waiting' | 'pending' | 'running' | 'completed';
  result: Conclusion | null;
  outputs: Record<string, string>;
  permissions: TokenPermissions | null;
  steps: StepRecord[];
  startedAt: number | null;
  completedAt: number | null;
  summary: string;
}

export interface RunRecord {
  /** The runtime's workflow run id (GITHUB_RUN_ID; also listed over REST). */
  id: number;
  workflow: string;
  name: string;
  event: string;
  action?: string;
  ref: string;
  sha: string;
  actor: string;
  status: RunStatus;
  conclusion: Conclusion | null;
  concurrencyGroup: string | null;
  /** Why the run was cancelled, when it was. */
  cancelReason: string | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  jobs: JobRecord[];
  /** Cache scope the run writes (GITHUB_REF, or the default branch for untrusted triggers). */
  cacheScope: string;
}

interface RunState {
  rec: RunRecord;
  wf: LoadedWorkflow;
  ev: RunnerEvent;
  inputs: Record<string, Json>;
  cancelled: boolean;
  member?: ConcurrencyMember;
  jobs: Map<string, JobState>;
}

interface JobState {
  rec: JobRecord;
  def: Job;
  raw: TemplateToken | undefined;
  member?: ConcurrencyMember;
  group?: string;
  /** Cancelled by its concurrency group while running. */
  cancelled?: boolean;
}

interface Timed {
  at: number;
  seq: number;
  label: string;
  fn: () => Promise<void> | void;
}

export interface PushInput {
  branch: string;
  /** Commits pushed, oldest first; `files` maps a path to its new text (null deletes it). */
  commits: { message: string; files?: Record<string, string | null>; author?: { name?: string; email?: string; login?: string } }[];
  at?: number;
  actor?: string;
  /** Pushed by a workflow with GITHUB_TOKEN: starts no workflow. */
  byGithubToken?: boolean;
}

export interface PullRequestInput {
  action: 'opened' | 'synchronize' | 'reopened' | 'edited' | 'closed' | 'ready_for_review' | 'converted_to_draft' | 'labeled';
  /** Existing PR (all actions but opened). */
  number?: number;
  /** opened: head branch (created from the base when missing), base (default branch), title, body, draft, commits. */
  head?: string;
  base?: string;
  title?: string;
  body?: string;
  draft?: boolean;
  /** 'owner/name' of a fork the head lives in. */
  fork?: string;
  commits?: PushInput['commits'];
  /** closed: merged or not. */
  merged?: boolean;
  at?: number;
  actor?: string;
}

export interface IssueCommentInput {
  issue: number;
  body: string;
  user?: string;
  /** author_association of the comment (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE). Default OWNER. */
  association?: string;
  at?: number;
}

export interface DispatchInput {
  workflow: string;
  ref: string;
  inputs?: Record<string, unknown>;
  at?: number;
  actor?: string;
}

/** A token as written in the file (expressions unevaluated), for display names. */
function sourceText(t: TemplateToken | undefined): string {
  const x = t as unknown as { value?: unknown; source?: string } | undefined;
  if (!x) return '';
  return typeof x.value === 'string' ? x.value : (x.source ?? String(t));
}

const REPO_ROOT = new URL('../../../../', import.meta.url).pathname;
const PERMISSIVE_TRIGGERS = new Set(['workflow_dispatch', 'repository_dispatch']);

export class WorkflowRunner {
  readonly runtime: LocalRuntime;
  readonly clock: VirtualClock;
  private readonly workflows: LoadedWorkflow[];
  private readonly opts: WorkflowRunnerOptions;
  private readonly queue: Timed[] = [];
  private seq = 0;
  private readonly groups = new ConcurrencyGroups();
  private readonly all: RunState[] = [];
  /** Each job's directory (workspace, temp, event file): removed by close(). */
  private readonly jobDirs: string[] = [];
  private readonly payloads: PayloadBuilder;
  private seenDispatches: number;
  private scheduledUntil: number;
  /** Problems that started no run (invalid workflow files, bad dispatch inputs). */
  readonly problems: string[] = [];
  private readonly actionHost: ActionHost;

  constructor(opts: WorkflowRunnerOptions) {
    this.opts = opts;
    this.actionHost = createActionHost(opts.actionHost ?? 'process');
    this.runtime = opts.runtime;
    this.clock = opts.clock;
    this.workflows = opts.workflows;
    this.payloads = new PayloadBuilder(opts.runtime, opts.clock.now);
    this.seenDispatches = opts.runtime.github.dispatches().length;
    this.scheduledUntil = opts.clock.now();
    opts.runtime.github.setWorkflows(opts.workflows.map((w) => w.path));
    for (const w of opts.workflows) if (w.errors.length) this.problem(`${w.path} is invalid and starts no run: ${w.errors.join('; ')}`);
  }

  get now(): number {
    return this.clock.now();
  }

  private log(line: string): void {
    this.opts.log?.(`[${new Date(this.now).toISOString()}] ${line}`);
  }

  private problem(line: string): void {
    this.problems.push(line);
    this.log(line);
  }

  private at(at: number, label: string, fn: Timed['fn']): void {
    this.queue.push({ at: Math.max(at, this.now), seq: this.seq++, label, fn });
    this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  // ---- running the queue

  /** Processes everything due up to `t` (schedule crons included), then sets the clock to `t`. */
  async runUntil(t: number): Promise<void> {
    this.enqueueSchedules(t);
    for (let next = this.queue[0]; next && next.at <= t; next = this.queue[0]) {
      this.queue.shift();
      this.clock.set(next.at);
      await next.fn();
    }
    this.clock.set(t);
  }

  /**
   * Fast-forwards the schedule triggers to `t` without firing them: for replays of long histories,
   * whose quiet stretches hold only sweeps that find nothing to do. Not a GitHub behaviour.
   */
  skipSchedulesUntil(t: number): void {
    if (t > this.scheduledUntil) this.scheduledUntil = t;
  }

  /** Runs until nothing is left to do (crons are not fired: use runUntil for them). Returns the runs. */
  async settle(maxEvents = 100_000): Promise<RunRecord[]> {
    for (let n = 0, next = this.queue[0]; next; next = this.queue[0], n++) {
      if (n >= maxEvents) throw new Error(`the workflow runner did not settle after ${maxEvents} events (a dispatch loop?)`);
      this.queue.shift();
      this.clock.set(next.at);
      await next.fn();
    }
    return this.runs();
  }

  /** Stops the warm action threads, if any ('worker' host), and removes the jobs' directories. */
  async close(): Promise<void> {
    await this.actionHost.close();
    const dirs = this.jobDirs.splice(0);
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }

  runs(): RunRecord[] {
    return this.all.map((r) => r.rec);
  }

  concurrency(): Record<string, { running?: string; pending?: string }> {
    return this.groups.snapshot();
  }

  /**
   * Schedule triggers on the virtual clock, in UTC, on the default branch's latest commit. GitHub may
   * start scheduled runs late under load; here they start on time.
   * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule
   */
  private enqueueSchedules(until: number): void {
    const from = this.scheduledUntil;
    if (until <= from) return;
    this.scheduledUntil = until;
    for (const wf of this.workflows) {
      for (const s of wf.template.events.schedule ?? []) {
        const it = CronExpressionParser.parse(s.cron, { currentDate: new Date(from), endDate: new Date(until), tz: s.timezone ?? 'UTC' });
        while (it.hasNext()) {
          const t = it.next().getTime();
          if (t <= from || t > until) continue;
          this.at(t, `schedule ${s.cron}`, () => this.emitSchedule(wf, s.cron));
        }
      }
    }
  }

  private emitSchedule(wf: LoadedWorkflow, cron: string): void {
    const branch = this.runtime.github.repo.defaultBranch;
    const ev: RunnerEvent = {
      name: 'schedule',
      payload: this.payloads.schedule(cron),
      ref: `refs/heads/${branch}`,
      sha: this.runtime.github.branchSha(branch) ?? ZERO_SHA,
      actor: this.runtime.github.repo.owner,
      byGithubToken: false,
      fromFork: false,
      schedule: cron,
    };
    this.startRun(wf, this.opts.eventHook ? this.opts.eventHook(ev) : ev);
  }

  // ---- events

  /** A push of commits to a branch; open pull requests from it get `synchronize` as on GitHub. */
  push(input: PushInput): void {
    this.at(input.at ?? this.now, `push ${input.branch}`, () => {
      const fake = this.runtime.github;
      const actor = input.actor ?? 'octocat';
      const before = fake.branchSha(input.branch) ?? ZERO_SHA;
      if (before === ZERO_SHA) fake.setBranch(input.branch, fake.branchSha(fake.repo.defaultBranch) ?? '');
      const commits = input.commits.map((c) => this.commit(input.branch, c));
      const ref = `refs/heads/${input.branch}`;
      const after = fake.branchSha(input.branch) ?? ZERO_SHA;
      this.emit({
        name: 'push',
        payload: this.payloads.push(ref, before, commits, actor),
        ref,
        sha: after,
        filterRef: ref,
        actor,
        byGithubToken: input.byGithubToken ?? false,
        fromFork: false,
        changedFiles: [...new Set(commits.flatMap((c) => c.files.map((f) => f.filename)))],
      });
      for (const pr of fake.pulls()) {
        if (pr.state === 'open' && pr.pull?.head === input.branch && !pr.pull.headRepo) {
          pr.pull.headSha = after;
          this.emitPull('synchronize', pr, actor, input.byGithubToken ?? false, { before, after });
        }
      }
    });
  }

  private commit(branch: string, c: PushInput['commits'][number]): CommitRecord {
    const fake = this.runtime.github;
    const tip = fake.branchSha(branch);
    const tree = tip ? fake.tree(tip) : new Map<string, string>();
    const files: CommitFile[] = Object.entries(c.files ?? {}).map(([filename, content]) =>
      content === null
        ? { filename, status: 'removed', deletions: (tree.get(filename) ?? '').split('\n').length }
        : { filename, status: tree.has(filename) ? 'modified' : 'added', content, additions: content.split('\n').length },
    );
    return fake.addCommit({ branch, message: c.message, files, ...(c.author ? { author: c.author } : {}) });
  }

  pullRequest(input: PullRequestInput): void {
    this.at(input.at ?? this.now, `pull_request ${input.action}`, () => {
      const fake = this.runtime.github;
      const actor = input.actor ?? 'octocat';
      let pr: IssueRecord | undefined;
      if (input.action === 'opened') {
        const head = input.head ?? `feature-${this.seq}`;
        const base = input.base ?? fake.repo.defaultBranch;
        if (!fake.branchSha(head)) fake.setBranch(head, fake.branchSha(base) ?? '');
        for (const c of input.commits ?? []) this.commit(head, c);
        pr = fake.addPull({
          head,
          base,
          title: input.title ?? `Update ${head}`,
          body: input.body ?? null,
          draft: input.draft ?? false,
          user: actor,
          ...(input.fork ? { headRepo: input.fork } : {}),
        });
      } else {
        pr = input.number === undefined ? undefined : fake.pull(input.number);
        if (!pr?.pull) throw new Error(`pull_request ${input.action}: no pull request #${input.number} in the runtime (open it first)`);
        if (input.title !== undefined || input.body !== undefined) fake.updateIssue(pr.number, { ...(input.title !== undefined ? { title: input.title } : {}), ...(input.body !== undefined ? { body: input.body } : {}) });
        if (input.action === 'ready_for_review') pr.pull.draft = false;
        if (input.action === 'converted_to_draft') pr.pull.draft = true;
        if (input.action === 'closed') {
          if (input.merged) fake.mergePull(pr.number);
          else fake.updateIssue(pr.number, { state: 'closed' });
        }
        if (input.action === 'reopened') fake.updateIssue(pr.number, { state: 'open' });
        const before = fake.pullHeadSha(pr);
        for (const c of input.commits ?? []) this.commit(pr.pull.head, c);
        // every delivery carries the PR's latest updated_at; synchronize also names before and after
        // https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
        pr.updatedAt = this.now;
        if (input.action === 'synchronize') {
          // a fork's head lives in the fake as a branch of that name: its tip is the new head
          const after = (input.commits?.length ? fake.branchSha(pr.pull.head) : undefined) ?? before;
          pr.pull.headSha = after;
          this.emitPull(input.action, pr, actor, false, { before, after });
          return;
        }
      }
      this.emitPull(input.action, pr, actor, false);
    });
  }

  private emitPull(action: string, pr: IssueRecord, actor: string, byGithubToken: boolean, extra: Record<string, unknown> = {}): void {
    const fake = this.runtime.github;
    const p = pr.pull;
    if (!p) return;
    // GITHUB_REF is the merge ref; GITHUB_SHA is the merge commit there. The runtime has no merge
    // commits, so the runs see the head commit.
    // https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#pull_request
    this.emit({
      name: 'pull_request',
      action,
      payload: this.payloads.pullRequest(action, pr, actor, extra),
      ref: `refs/pull/${pr.number}/merge`,
      sha: fake.pullHeadSha(pr),
      filterRef: `refs/heads/${p.base}`,
      baseRef: p.base,
      headRef: p.head,
      actor,
      byGithubToken,
      fromFork: p.headRepo !== undefined && p.headRepo.toLowerCase() !== fake.repo.fullName.toLowerCase(),
      changedFiles: fake.pullFiles(pr).map((f) => f.filename),
    });
    // The same activity is also a pull_request_target event: it runs the base branch's workflow and
    // code with a full token and secrets, even for forks (its cache token is read-only, see token.ts).
    // https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#pull_request_target
    this.emit({
      name: 'pull_request_target',
      action,
      payload: this.payloads.pullRequest(action, pr, actor, extra),
      ref: `refs/heads/${p.base}`,
      sha: fake.branchSha(p.base) ?? p.baseSha,
      filterRef: `refs/heads/${p.base}`,
      baseRef: p.base,
      headRef: p.head,
      actor,
      byGithubToken,
      fromFork: false,
      changedFiles: fake.pullFiles(pr).map((f) => f.filename),
    });
  }

  issueComment(input: IssueCommentInput): void {
    this.at(input.at ?? this.now, `issue_comment #${input.issue}`, () => {
      const fake = this.runtime.github;
      const issue = fake.issue(input.issue);
      if (!issue) throw new Error(`issue_comment: no issue or pull request #${input.issue} in the runtime`);
      const user = input.user ?? 'octocat';
      const c = fake.addComment(issue.number, input.body, user);
      const branch = fake.repo.defaultBranch;
      // issue_comment runs on the default branch's last commit.
      this.emit({
        name: 'issue_comment',
        action: 'created',
        payload: this.payloads.issueComment(issue, c.id, input.association ?? 'OWNER', user),
        ref: `refs/heads/${branch}`,
        sha: fake.branchSha(branch) ?? ZERO_SHA,
        actor: user,
        byGithubToken: false,
        fromFork: false,
      });
    });
  }

  /** A workflow_dispatch by a user (the REST API or the UI). Dispatches made by runs are picked up by themselves. */
  dispatch(input: DispatchInput): void {
    this.at(input.at ?? this.now, `workflow_dispatch ${input.workflow}`, () => this.emitDispatch(input.workflow, input.ref, input.inputs ?? {}, input.actor ?? 'octocat'));
  }

  /** A repository_dispatch (REST POST /repos/{owner}/{repo}/dispatches) of `eventType`. */
  repositoryDispatch(input: { eventType: string; clientPayload?: Record<string, unknown>; at?: number; actor?: string }): void {
    this.at(input.at ?? this.now, `repository_dispatch ${input.eventType}`, () => this.emitRepositoryDispatch(input.eventType, input.clientPayload ?? {}, input.actor ?? 'octocat'));
  }

  /**
   * repository_dispatch runs the default branch's workflows whose `types` list the event_type.
   * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#repository_dispatch
   */
  private emitRepositoryDispatch(eventType: string, clientPayload: Record<string, unknown>, actor: string): void {
    const fake = this.runtime.github;
    const branch = fake.repo.defaultBranch;
    this.emit({
      name: 'repository_dispatch',
      action: eventType,
      payload: this.payloads.repositoryDispatch(eventType, clientPayload, actor),
      ref: `refs/heads/${branch}`,
      sha: fake.branchSha(branch) ?? ZERO_SHA,
      actor,
      byGithubToken: false,
      fromFork: false,
    });
  }

  /** Any event, for triggers the helpers above do not cover. */
  emitAt(at: number, ev: RunnerEvent): void {
    this.at(at, ev.name, () => this.emit(ev));
  }

  private emitDispatch(workflow: string, refIn: string, inputs: Record<string, unknown>, actor: string): void {
    const fake = this.runtime.github;
    const ref = refIn.startsWith('refs/') ? refIn : `refs/heads/${refIn}`;
    const sha = fake.resolve(ref) ?? fake.resolve(refIn);
    if (!sha) {
      this.problem(`workflow_dispatch of ${workflow}: no ref ${refIn}`);
      return;
    }
    const wf = this.workflows.find((w) => w.file === workflow || w.path === workflow || w.path.endsWith(`/${workflow}`));
    if (!wf) {
      this.problem(`workflow_dispatch: no workflow ${workflow} (known: ${this.workflows.map((w) => w.file).join(', ')})`);
      return;
    }
    this.emit({
      name: 'workflow_dispatch',
      payload: this.payloads.dispatch(wf.path, ref, inputs, actor),
      ref,
      sha,
      filterRef: ref,
      actor,
      byGithubToken: false,
      fromFork: false,
      workflow: wf.path,
      inputs,
    });
  }

  /** Dispatches the runtime recorded (REST POST .../dispatches by a step) start their workflow now. */
  private pickUpDispatches(): void {
    const all = this.runtime.github.dispatches();
    for (const d of all.slice(this.seenDispatches)) {
      if (d.eventType !== undefined) {
        const eventType = d.eventType;
        this.log(`repository_dispatch recorded by the runtime: ${eventType}`);
        this.at(this.now, `repository_dispatch ${eventType}`, () => this.emitRepositoryDispatch(eventType, d.inputs, d.by));
        continue;
      }
      this.log(`dispatch recorded by the runtime: ${d.workflow} on ${d.ref}`);
      this.at(this.now, `workflow_dispatch ${d.workflow}`, () => this.emitDispatch(d.workflow, d.ref, d.inputs, d.by === BOT_LOGIN ? BOT_LOGIN : d.by));
    }
    this.seenDispatches = all.length;
  }

  private emit(original: RunnerEvent): void {
    const ev = this.opts.eventHook ? this.opts.eventHook(original) : original;
    // "events triggered by the GITHUB_TOKEN, with the exception of workflow_dispatch and
    // repository_dispatch, will not create a new workflow run"
    // https://docs.github.com/en/actions/concepts/security/github_token#when-github_token-triggers-workflow-runs
    if (ev.byGithubToken && !PERMISSIVE_TRIGGERS.has(ev.name)) {
      this.log(`${ev.name} caused by GITHUB_TOKEN: starts no workflow`);
      return;
    }
    for (const wf of this.workflows) {
      if (wf.errors.length) continue;
      if (ev.name === 'workflow_dispatch' && ev.workflow !== wf.path) continue;
      const trigger = {
        name: ev.name,
        ...(ev.action ? { action: ev.action } : {}),
        ...(ev.filterRef ? { filterRef: ev.filterRef } : {}),
        ...(ev.changedFiles ? { changedFiles: ev.changedFiles } : {}),
        ...(ev.workflowName ? { workflowName: ev.workflowName } : {}),
      };
      if (!triggers(wf.template.events, trigger)) continue;
      this.startRun(wf, ev);
    }
  }

  // ---- runs

  /** The github context. https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#github-context */
  private github(run: RunState, jobId = '', token = ''): Record<string, Json> {
    const { ev, rec, wf } = run;
    const repo = this.runtime.github.repo;
    return {
      action: '',
      actor: ev.actor,
      api_url: this.runtime.url,
      base_ref: ev.baseRef ?? '',
      event: ev.payload as Json,
      event_name: ev.name,
      event_path: '',
      graphql_url: `${this.runtime.url}/graphql`,
      head_ref: ev.headRef ?? '',
      job: jobId,
      ref: ev.ref,
      ref_name: ev.ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\/(\d+)\/merge$/, '$1/merge'),
      ref_protected: false,
      ref_type: ev.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      repository: repo.fullName,
      repository_id: String(repo.id),
      repository_owner: repo.owner,
      retention_days: '90',
      run_attempt: '1',
      run_id: String(rec.id),
      run_number: String(this.runtime.github.workflowRun(rec.id)?.runNumber ?? 1),
      secret_source: 'Actions',
      server_url: 'https://github.com',
      sha: ev.sha,
      token,
      triggering_actor: ev.actor,
      workflow: wf.name,
      workflow_ref: `${repo.fullName}/${wf.path}@${ev.ref}`,
      workspace: '',
    };
  }

  private startRun(wf: LoadedWorkflow, ev: RunnerEvent): void {
    let inputs: Record<string, Json> = {};
    if (ev.name === 'workflow_dispatch') {
      try {
        inputs = dispatchInputs(wf.template.events, ev.inputs ?? {}, `${wf.path} workflow_dispatch`);
      } catch (err) {
        this.problem(err instanceof Error ? err.message : String(err));
        return;
      }
    }
    const fake = this.runtime.github;
    const headBranch = ev.headRef ?? (ev.ref.startsWith('refs/heads/') ? ev.ref.slice('refs/heads/'.length) : null);
    const wr = fake.addWorkflowRun({ name: wf.name, path: wf.path, event: ev.name, headBranch, headSha: ev.sha, status: 'queued', actor: ev.actor });
    const untrusted = ev.name === 'issue_comment' || ev.name === 'pull_request_target' || ev.untrustedCache === true;
    const rec: RunRecord = {
      id: wr.id,
      workflow: wf.file,
      name: wf.name,
      event: ev.name,
      ...(ev.action ? { action: ev.action } : {}),
      ref: ev.ref,
      sha: ev.sha,
      actor: ev.actor,
      status: 'queued',
      conclusion: null,
      concurrencyGroup: null,
      cancelReason: null,
      createdAt: this.now,
      startedAt: null,
      completedAt: null,
      jobs: [],
      cacheScope: untrusted ? `refs/heads/${fake.repo.defaultBranch}` : ev.ref,
    };
    const run: RunState = { rec, wf, ev, inputs, cancelled: false, jobs: new Map() };
    for (const job of wf.template.jobs) {
      if (job.type !== 'job') {
        this.problem(`${wf.path} job ${job.id.value}: reusable workflows are not emulated; the job is skipped`);
        continue;
      }
      const id = job.id.value;
      run.jobs.set(id, {
        def: job,
        raw: findKey(findKey(wf.root, 'jobs'), id),
        rec: { id, name: job.name ? String(asText(evalToken(job.name, this.scope(run)))) : id, status: 'waiting', result: null, outputs: {}, permissions: null, steps: [], startedAt: null, completedAt: null, summary: '' },
      });
    }
    rec.jobs = [...run.jobs.values()].map((j) => j.rec);
    this.all.push(run);
    this.log(`run ${rec.id} ${wf.file} (${ev.name}${ev.action ? `.${ev.action}` : ''} ${ev.ref}) queued`);
    this.emitWorkflowRun(run, 'requested');

    // Workflow-level concurrency: github, inputs and vars are available.
    // https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#concurrency
    const conc = this.concurrencyOf(wf.template.concurrency, this.scope(run));
    const member: ConcurrencyMember = {
      label: `run ${rec.id}`,
      start: () => this.beginRun(run),
      cancel: (reason) => this.cancelRun(run, reason),
    };
    run.member = member;
    if (!conc) {
      member.start();
      return;
    }
    rec.concurrencyGroup = conc.group;
    if (this.groups.enter(conc.group, member, conc.cancelInProgress) === 'pending') {
      rec.status = 'pending';
      fake.updateWorkflowRun(rec.id, { status: 'pending' });
      this.log(`run ${rec.id} pending in concurrency group '${conc.group}'`);
    }
  }

  private concurrencyOf(token: TemplateToken | undefined, scope: ExprScope): { group: string; cancelInProgress: boolean } | undefined {
    if (!token) return undefined;
    const v = evalToken(token, scope);
    if (typeof v === 'string') return v ? { group: v, cancelInProgress: false } : undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const group = asText(v['group'] ?? null);
      const cip = v['cancel-in-progress'];
      return group ? { group, cancelInProgress: cip === true || cip === 'true' } : undefined;
    }
    return undefined;
  }

  private scope(run: RunState, extra: Record<string, Json> = {}, status?: StatusView, workspace?: string): ExprScope {
    return {
      contexts: {
        github: this.github(run),
        inputs: run.inputs,
        vars: { ...this.opts.vars },
        secrets: run.ev.fromFork ? {} : { ...this.opts.secrets },
        env: {},
        needs: {},
        steps: {},
        job: {},
        jobs: {},
        runner: {},
        strategy: {},
        matrix: {},
        ...extra,
      },
      ...(status ? { status } : {}),
      ...(workspace ? { workspace } : {}),
    };
  }

  private beginRun(run: RunState): void {
    if (run.rec.status === 'completed') return;
    run.rec.status = 'in_progress';
    run.rec.startedAt = this.now;
    this.runtime.github.updateWorkflowRun(run.rec.id, { status: 'in_progress' });
    this.log(`run ${run.rec.id} ${run.wf.file} started`);
    this.scheduleReadyJobs(run);
    this.maybeFinishRun(run);
  }

  private cancelRun(run: RunState, reason: string): void {
    if (run.rec.status === 'completed') return;
    run.rec.cancelReason = reason;
    this.log(`run ${run.rec.id} cancelled: ${reason}`);
    if (run.rec.status === 'pending' || run.rec.status === 'queued') {
      // never started: it ends at once
      for (const j of run.jobs.values()) {
        j.rec.status = 'completed';
        j.rec.result = 'cancelled';
      }
      this.completeRun(run, 'cancelled');
      return;
    }
    run.cancelled = true;
    // steps and jobs still to come see cancelled(); the run ends when the running jobs wind down
    this.scheduleReadyJobs(run);
    this.maybeFinishRun(run);
  }

  private jobStatus(run: RunState, job: JobState): StatusView {
    // success() for a job: every job it needs (transitively) succeeded; failure(): one of them failed.
    // https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#status-check-functions
    const seen = new Set<string>();
    const results: (Conclusion | null)[] = [];
    const walk = (ids: string[]): void => {
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        const j = run.jobs.get(id);
        results.push(j?.rec.result ?? null);
        walk((j?.def.needs ?? []).map((n) => n.value));
      }
    };
    walk((job.def.needs ?? []).map((n) => n.value));
    return { success: results.every((r) => r === 'success'), failure: results.some((r) => r === 'failure'), cancelled: run.cancelled };
  }

  private needsContext(run: RunState, job: JobState): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const n of job.def.needs ?? []) {
      const j = run.jobs.get(n.value);
      out[n.value] = { result: j?.rec.result ?? null, outputs: { ...(j?.rec.outputs ?? {}) } };
    }
    return out;
  }

  private scheduleReadyJobs(run: RunState): void {
    if (run.rec.status !== 'in_progress') return;
    for (const job of run.jobs.values()) {
      if (job.rec.status !== 'waiting') continue;
      const needs = (job.def.needs ?? []).map((n) => run.jobs.get(n.value));
      if (needs.some((n) => n && n.rec.status !== 'completed')) continue;
      job.rec.status = 'pending';
      this.at(this.now + (this.opts.timing?.jobStartMs ?? 10_000), `job ${run.rec.id}/${job.rec.id}`, () => this.startJob(run, job));
    }
  }

  private async startJob(run: RunState, job: JobState): Promise<void> {
    const status = this.jobStatus(run, job);
    const scope = this.scope(run, { needs: this.needsContext(run, job) }, status);
    let go: boolean;
    try {
      go = evalBool(job.def.if.expression, scope);
    } catch (err) {
      this.problem(`${run.wf.path} job ${job.rec.id}: ${err instanceof Error ? err.message : String(err)}`);
      go = false;
    }
    if (!go) {
      this.endJob(run, job, run.cancelled ? 'cancelled' : 'skipped');
      return;
    }
    const conc = job.def.concurrency ? this.concurrencyOf(job.def.concurrency, scope) : undefined;
    if (!conc) {
      await this.runJob(run, job);
      return;
    }
    job.group = conc.group;
    job.member = {
      label: `run ${run.rec.id} job ${job.rec.id}`,
      start: () => this.at(this.now, `job ${job.rec.id} start`, () => this.runJob(run, job)),
      cancel: (reason) => {
        this.log(`run ${run.rec.id} job ${job.rec.id} cancelled: ${reason}`);
        // a running job winds down (its always()/cancelled() steps still run); a waiting one ends now
        if (job.rec.status === 'running') job.cancelled = true;
        else if (job.rec.status !== 'completed') this.endJob(run, job, 'cancelled');
      },
    };
    this.groups.enter(conc.group, job.member, conc.cancelInProgress);
  }

  private async runJob(run: RunState, job: JobState): Promise<void> {
    if (job.rec.status === 'completed') return;
    const fake = this.runtime.github;
    const ev = run.ev;
    job.rec.status = 'running';
    job.rec.startedAt = this.now;
    const where = `${run.wf.path} job ${job.rec.id}`;
    let permissions: TokenPermissions;
    try {
      permissions = jobPermissions(evalToken(findKey(run.wf.root, 'permissions'), this.scope(run)) ?? undefined, findKey(job.raw, 'permissions') ? evalToken(findKey(job.raw, 'permissions'), this.scope(run)) : undefined, {
        default: this.opts.defaultPermissions ?? 'restricted',
        readOnly: ev.fromFork,
        where,
      });
    } catch (err) {
      this.problem(err instanceof Error ? err.message : String(err));
      this.endJob(run, job, 'failure');
      return;
    }
    if (findKey(run.wf.root, 'permissions') === undefined && findKey(job.raw, 'permissions') === undefined) {
      // no block anywhere: the repository default (see defaultPermissions)
    }
    job.rec.permissions = permissions;
    const base = await mkdtemp(join(tmpdir(), 'aps-wf-'));
    this.jobDirs.push(base);
    const workspace = join(base, 'workspace');
    const tempDir = join(base, 'temp');
    await mkdir(workspace, { recursive: true });
    await mkdir(tempDir, { recursive: true });
    const eventPath = join(tempDir, 'event.json');
    await writeFile(eventPath, JSON.stringify(ev.payload));
    const rc: RunContext = {
      ref: ev.ref,
      ...(ev.baseRef ? { baseRef: ev.baseRef } : {}),
      runId: run.rec.id,
      runAttempt: 1,
      workspace,
      tempDir,
      eventName: ev.name,
      permissions,
      sha: ev.sha,
      ...(ev.untrustedCache ? { untrustedTrigger: true } : {}),
    };
    const jobEnv = this.runtime.envFor(rc);
    const token = jobEnv['GITHUB_TOKEN'] ?? '';
    const gh: Record<string, Json> = { ...this.github(run, job.rec.id, token), workspace, event_path: eventPath };
    const secrets: Record<string, Json> = { ...(ev.fromFork ? {} : this.opts.secrets), GITHUB_TOKEN: token };
    const runnerCtx = { os: 'Linux', arch: 'X64', name: 'local-runner', environment: 'self-hosted', temp: tempDir, tool_cache: join(base, 'toolcache') };
    const ctx = (extra: Record<string, Json>): Record<string, Json> => ({
      github: gh,
      inputs: run.inputs,
      vars: { ...this.opts.vars },
      secrets,
      needs: this.needsContext(run, job),
      runner: runnerCtx,
      strategy: {},
      matrix: {},
      job: { status: 'success' },
      steps: {},
      env: {},
      ...extra,
    });
    // env: workflow, then job, then step, the more specific winning; GITHUB_ENV adds to later steps.
    // https://docs.github.com/en/actions/reference/workflows-and-actions/variables#defining-environment-variables-for-a-single-workflow
    const env: Record<string, string> = {};
    const addEnv = (token: TemplateToken | undefined, s: ExprScope): void => {
      const v = evalToken(token, s);
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) env[k] = asText(x);
    };
    try {
      addEnv(run.wf.template.env, { contexts: ctx({}) });
      addEnv(job.def.env, { contexts: ctx({ env: { ...env } }) });
    } catch (err) {
      this.problem(`${where}: ${err instanceof Error ? err.message : String(err)}`);
      this.endJob(run, job, 'failure');
      return;
    }
    const runnerEnv: Record<string, string> = {
      GITHUB_JOB: job.rec.id,
      GITHUB_WORKFLOW: run.wf.name,
      GITHUB_WORKFLOW_REF: asText(gh['workflow_ref'] ?? null),
      GITHUB_ACTOR: ev.actor,
      GITHUB_TRIGGERING_ACTOR: ev.actor,
      GITHUB_SHA: ev.sha,
      RUNNER_NAME: 'local-runner',
      RUNNER_TOOL_CACHE: join(base, 'toolcache'),
      ...(ev.headRef ? { GITHUB_HEAD_REF: ev.headRef } : {}),
      ...(ev.baseRef ? { GITHUB_BASE_REF: ev.baseRef } : {}),
    };
    const baseEnv = this.opts.baseEnv ?? { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };
    const stepsCtx: Record<string, Json> = {};
    const path: string[] = [];
    let failed = false;
    const rawSteps = findKey(job.raw, 'steps') as (TemplateToken & Iterable<TemplateToken>) | undefined;
    const raws = rawSteps ? [...rawSteps] : [];
    const steps = job.def.steps;
    const timing: StepTiming = { actionMs: this.opts.timing?.actionMs ?? 5_000, checkoutMs: this.opts.timing?.checkoutMs ?? 3_000, stubMs: this.opts.timing?.stubMs ?? 2_000 };

    const runStep = async (i: number): Promise<void> => {
      const step = steps[i] as Step & { uses?: { value: string }; run?: TemplateToken; env?: TemplateToken; 'continue-on-error'?: boolean | TemplateToken };
      if (!step) {
        this.finishJob(run, job, stepsCtx, ctx, failed);
        return;
      }
      const raw = raws[i];
      const cancelled = run.cancelled || job.cancelled === true;
      const status: StatusView = { success: !failed, failure: failed, cancelled };
      const jobStatus = cancelled ? 'cancelled' : failed ? 'failure' : 'success';
      const scope: ExprScope = { contexts: ctx({ steps: stepsCtx, env: { ...env }, job: { status: jobStatus } }), status, workspace };
      const name = step.name ? asText(evalToken(step.name, scope)) : step.uses ? `Run ${step.uses.value}` : `Run ${sourceText(step.run).split('\n')[0]}`;
      const record: StepRecord = { id: step.id, name, outcome: 'skipped', conclusion: 'skipped', outputs: {}, startedAt: this.now, log: '', annotations: [] };
      job.rec.steps.push(record);
      let duration = 0;
      try {
        const ifExpr = step.if?.expression ?? 'success()';
        if (!evalBool(ifExpr, scope)) {
          stepsCtx[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
        } else {
          const stepEnvScope: ExprScope = { ...scope, contexts: { ...scope.contexts, env: { ...env } } };
          const stepEnv = { ...env };
          const e = evalToken(step.env, stepEnvScope);
          if (e && typeof e === 'object' && !Array.isArray(e)) for (const [k, x] of Object.entries(e)) stepEnv[k] = asText(x);
          const withV = evalToken(findKey(raw, 'with'), { ...scope, contexts: { ...scope.contexts, env: stepEnv } });
          const run0 = step.run ? asText(evalToken(step.run, { ...scope, contexts: { ...scope.contexts, env: stepEnv } })) : undefined;
          const shell = asText(evalToken(findKey(raw, 'shell'), scope)) || undefined;
          const wd = asText(evalToken(findKey(raw, 'working-directory'), scope)) || undefined;
          const result = await executeStep(
            {
              runtime: this.runtime,
              actionsRoot: this.opts.actionsRoot ?? REPO_ROOT,
              run: rc,
              jobEnv,
              eventPath,
              runnerEnv: { ...runnerEnv, GITHUB_ACTION: step.id },
              runMode: this.opts.runSteps ?? { mode: 'bash' },
              timing,
              virtualNowInput: this.opts.virtualNowInput ?? true,
              now: () => this.now,
              baseEnv,
              actionHost: this.actionHost,
            },
            {
              name,
              ...(step.uses ? { uses: step.uses.value } : {}),
              ...(run0 !== undefined ? { run: run0 } : {}),
              with: withV && typeof withV === 'object' && !Array.isArray(withV) ? withV : {},
              env: stepEnv,
              path,
              ...(shell ? { shell } : {}),
              ...(wd ? { workingDirectory: wd } : {}),
              scope: { ...scope, contexts: { ...scope.contexts, env: stepEnv } },
            },
          );
          duration = result.durationMs;
          const coe = step['continue-on-error'];
          const continueOnError = typeof coe === 'boolean' ? coe : coe ? evalBool((coe as unknown as { expression?: string }).expression ?? String((coe as unknown as { value?: unknown }).value), scope) : false;
          record.outcome = result.outcome;
          record.conclusion = result.outcome === 'failure' && continueOnError ? 'success' : result.outcome;
          record.outputs = result.outputs;
          record.log = result.log;
          record.annotations = result.annotations;
          job.rec.summary += result.summary;
          Object.assign(env, result.env);
          path.unshift(...result.path);
          stepsCtx[step.id] = { outputs: result.outputs, outcome: record.outcome, conclusion: record.conclusion };
          if (record.conclusion === 'failure') failed = true;
          this.log(`run ${run.rec.id} ${job.rec.id}: ${name} -> ${record.outcome}${result.outcome === 'failure' ? `\n${result.log.slice(-2000)}` : ''}`);
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        record.outcome = 'failure';
        record.conclusion = 'failure';
        record.log += `${message}\n`;
        record.annotations.push({ level: 'error', message });
        stepsCtx[step.id] = { outputs: {}, outcome: 'failure', conclusion: 'failure' };
        failed = true;
        this.log(`run ${run.rec.id} ${job.rec.id}: ${name} -> failure: ${message}`);
      }
      this.pickUpDispatches();
      this.at(this.now + duration, `step ${run.rec.id}/${job.rec.id}/${i + 1}`, () => runStep(i + 1));
    };
    await runStep(0);
    void fake;
  }

  private finishJob(run: RunState, job: JobState, stepsCtx: Record<string, Json>, ctx: (extra: Record<string, Json>) => Record<string, Json>, failed: boolean): void {
    // Job outputs are evaluated at the end of the job, with the steps context.
    // https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idoutputs
    try {
      const outs = evalToken(job.def.outputs, { contexts: ctx({ steps: stepsCtx }) });
      if (outs && typeof outs === 'object' && !Array.isArray(outs)) for (const [k, v] of Object.entries(outs)) job.rec.outputs[k] = asText(v);
    } catch (err) {
      this.problem(`${run.wf.path} job ${job.rec.id} outputs: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.endJob(run, job, run.cancelled || job.cancelled ? 'cancelled' : failed ? 'failure' : 'success');
  }

  private endJob(run: RunState, job: JobState, result: Conclusion): void {
    if (job.rec.status === 'completed') return;
    job.rec.status = 'completed';
    job.rec.result = result;
    job.rec.completedAt = this.now;
    this.log(`run ${run.rec.id} job ${job.rec.id}: ${result}`);
    if (job.group && job.member) this.groups.leave(job.group, job.member);
    this.scheduleReadyJobs(run);
    this.maybeFinishRun(run);
  }

  private maybeFinishRun(run: RunState): void {
    if (run.rec.status !== 'in_progress') return;
    const jobs = [...run.jobs.values()];
    if (jobs.some((j) => j.rec.status === 'running')) return;
    if (run.cancelled) {
      // jobs not started yet end as cancelled (their `if:` is evaluated only when scheduled already)
      if (jobs.some((j) => j.rec.status === 'pending')) return;
      for (const j of jobs) if (j.rec.status === 'waiting') this.endJobQuiet(j, 'cancelled');
      this.completeRun(run, 'cancelled');
      return;
    }
    if (jobs.some((j) => j.rec.status !== 'completed')) return;
    const results = jobs.map((j) => j.rec.result);
    this.completeRun(run, results.includes('failure') ? 'failure' : results.includes('cancelled') ? 'cancelled' : 'success');
  }

  private endJobQuiet(job: JobState, result: Conclusion): void {
    job.rec.status = 'completed';
    job.rec.result = result;
    job.rec.completedAt = this.now;
  }

  private completeRun(run: RunState, conclusion: Conclusion): void {
    if (run.rec.status === 'completed') return;
    const wasRunning = run.rec.status === 'in_progress';
    run.rec.status = 'completed';
    run.rec.conclusion = conclusion;
    run.rec.completedAt = this.now;
    this.runtime.github.updateWorkflowRun(run.rec.id, { status: 'completed', conclusion });
    this.log(`run ${run.rec.id} ${run.wf.file} completed: ${conclusion}`);
    if (run.rec.concurrencyGroup && run.member && wasRunning) this.groups.leave(run.rec.concurrencyGroup, run.member);
    this.emitWorkflowRun(run, 'completed');
  }

  /**
   * workflow_run events for workflows listening to this one (`on: workflow_run: workflows: [name]`).
   * They run on the default branch; no more than three levels chain; a run of a fork's pull request
   * makes them untrusted (read-only cache).
   * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#workflow_run
   */
  private emitWorkflowRun(run: RunState, action: 'requested' | 'completed'): void {
    const depth = (run.ev.depth ?? 0) + 1;
    if (depth > 3) return;
    const listening = this.workflows.some((w) => w.template.events.workflow_run !== undefined);
    if (!listening) return;
    const fake = this.runtime.github;
    const branch = fake.repo.defaultBranch;
    const ev: RunnerEvent = {
      name: 'workflow_run',
      action,
      payload: this.payloads.workflowRun(action, run.rec.id, run.wf.path, run.wf.name),
      ref: `refs/heads/${branch}`,
      sha: fake.branchSha(branch) ?? ZERO_SHA,
      // branches filters of workflow_run look at the triggering run's head branch
      filterRef: run.ev.headRef ? `refs/heads/${run.ev.headRef}` : run.ev.ref,
      actor: run.ev.actor,
      byGithubToken: false,
      fromFork: false,
      untrustedCache: run.ev.fromFork,
      depth,
      workflowName: run.wf.name,
    };
    this.at(this.now, `workflow_run ${action} ${run.wf.name}`, () => this.emit(ev));
  }
}
