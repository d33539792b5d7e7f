// In-process state behind the REST fake: a commit graph with refs, issues and pull requests (one
// numbering, as on GitHub), comments, labels, check runs, workflow runs, dispatches and collaborator
// permissions. Tests seed and inspect it directly; the REST handlers (rest-repo.ts, rest-actions.ts)
// go through the same methods, so both views stay consistent.
import { createHash, randomUUID } from 'node:crypto';
import { PersistedDoc, type Storage } from './storage.js';
import type { Clock } from './types.js';

export const BOT_LOGIN = 'github-actions[bot]';

export interface CommitFile {
  filename: string;
  status?: 'added' | 'modified' | 'removed' | 'renamed';
  additions?: number;
  deletions?: number;
  patch?: string;
  /** The file's text after the commit (what a checkout writes); absent for removed files and for seeds that only describe a change. */
  content?: string;
}

export interface CommitRecord {
  sha: string;
  message: string;
  author: { name: string; email: string; login?: string };
  date: number;
  parents: string[];
  files: CommitFile[];
  /** Creation order; breaks date ties when ordering commits. */
  seq: number;
}

export interface CommitSeed {
  message?: string;
  /** Parents default to the branch tip; the branch then moves to the new commit. */
  branch?: string;
  parents?: string[];
  files?: CommitFile[];
  author?: { name?: string; email?: string; login?: string };
  sha?: string;
  date?: number;
}

export interface PullFields {
  head: string;
  /** Head sha when the PR was last synchronised; the live branch tip wins while the branch exists. */
  headSha: string;
  base: string;
  baseSha: string;
  /** 'owner/name' of a fork head; undefined for same-repository PRs. */
  headRepo?: string;
  draft: boolean;
  merged: boolean;
  mergedAt: number | null;
  /** Explicit file list; otherwise computed from the commits. */
  files?: CommitFile[];
}

export interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  user: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  pull?: PullFields;
}

export interface IssueSeed {
  title?: string;
  body?: string | null;
  labels?: string[];
  user?: string;
  state?: 'open' | 'closed';
}

export interface PullSeed extends IssueSeed {
  head: string;
  /** Default: the default branch. */
  base?: string;
  draft?: boolean;
  headRepo?: string;
  /** Commits to create on `head` (chained from the base tip when the branch does not exist yet). */
  commits?: CommitSeed[];
  files?: CommitFile[];
}

export interface CommentRecord {
  id: number;
  issue: number;
  body: string;
  user: string;
  createdAt: number;
  updatedAt: number;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface CheckRunOutput {
  title?: string | null;
  summary?: string | null;
  text?: string | null;
}

export interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  startedAt: number;
  completedAt: number | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: CheckRunOutput;
  /** Annotations received over all requests (the REST shape's output.annotations_count). */
  annotationsCount: number;
}

export type CheckRunPatch = Partial<Omit<CheckRunRecord, 'id'>>;

export interface WorkflowRunRecord {
  id: number;
  backendId: string;
  name: string;
  /** .github/workflows/<file> */
  path: string;
  event: string;
  headBranch: string | null;
  /**
   * The repository whose code the run executed (`head_repository` / the artifact listing's
   * `workflow_run.head_repository_id`): this repository's id, or a fork's for a fork's pull request run.
   */
  headRepositoryId?: number;
  /** `owner/name` of a fork head repository (fork pull request runs only). */
  headRepo?: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  runAttempt: number;
  runNumber: number;
  actor: string;
  createdAt: number;
  updatedAt: number;
}

export type WorkflowRunSeed = Partial<Omit<WorkflowRunRecord, 'id' | 'backendId'>> & { id?: number };

export interface DispatchRecord {
  /** The dispatched workflow file; '' for a repository_dispatch. */
  workflow: string;
  ref: string;
  /** workflow_dispatch inputs, or a repository_dispatch's client_payload. */
  inputs: Record<string, unknown>;
  /** repository_dispatch: its event_type. */
  eventType?: string;
  by: string;
  at: number;
}

export type CollaboratorPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

interface GithubDoc {
  repoId: number;
  nextId: number;
  nextNumber: number;
  nextRunId: number;
  nextSeq: number;
  refs: Record<string, string>;
  commits: Record<string, CommitRecord>;
  issues: IssueRecord[];
  comments: CommentRecord[];
  labels: LabelRecord[];
  checkRuns: CheckRunRecord[];
  runs: WorkflowRunRecord[];
  dispatches: DispatchRecord[];
  permissions: Record<string, CollaboratorPermission>;
  /** Workflow files that exist on the default branch; empty means "accept any" for dispatches. */
  workflows: string[];
}

export interface CompareResult {
  status: 'identical' | 'ahead' | 'behind' | 'diverged';
  base: CommitRecord;
  head: CommitRecord;
  mergeBase: CommitRecord | undefined;
  /** Commits in head and not in base, oldest first. */
  ahead: CommitRecord[];
  behind: CommitRecord[];
  files: CommitFile[];
}

export interface RepoInfo {
  owner: string;
  name: string;
  fullName: string;
  id: number;
  defaultBranch: string;
}

const HEX40 = /^[0-9a-f]{40}$/;
const LABEL_COLORS = ['d73a4a', '0075ca', 'a2eeef', '7057ff', '008672', 'e4e669', 'd876e3', 'cfd3d7'];

export class GithubFake {
  readonly repo: RepoInfo;
  private readonly doc: PersistedDoc<GithubDoc>;

  private constructor(
    private readonly state: GithubDoc,
    storage: Storage,
    fullName: string,
    defaultBranch: string,
    private readonly now: Clock,
  ) {
    const [owner = '', name = ''] = fullName.split('/');
    this.repo = { owner, name, fullName, id: state.repoId, defaultBranch };
    this.doc = new PersistedDoc(storage, 'github', () => this.state);
  }

  static async load(storage: Storage, fullName: string, defaultBranch: string, now: Clock): Promise<GithubFake> {
    const loaded = await storage.loadDoc<GithubDoc>('github');
    const state: GithubDoc = loaded ?? {
      repoId: 100_000 + (parseInt(createHash('sha1').update(fullName).digest('hex').slice(0, 6), 16) % 900_000),
      nextId: 1000,
      nextNumber: 1,
      nextRunId: 9_000_001,
      nextSeq: 1,
      refs: {},
      commits: {},
      issues: [],
      comments: [],
      labels: [],
      checkRuns: [],
      runs: [],
      dispatches: [],
      permissions: {},
      workflows: [],
    };
    const fake = new GithubFake(state, storage, fullName, defaultBranch, now);
    if (!loaded) fake.addCommit({ message: 'Initial commit', branch: defaultBranch, parents: [] });
    return fake;
  }

  flush(): Promise<void> {
    return this.doc.flush();
  }

  private changed(): void {
    this.doc.changed();
  }

  private id(): number {
    return this.state.nextId++;
  }

  // ---- commits and refs

  addCommit(seed: CommitSeed = {}): CommitRecord {
    const tip = seed.branch ? this.branchSha(seed.branch) : undefined;
    const parents = seed.parents ?? (tip ? [tip] : []);
    const seq = this.state.nextSeq++;
    const message = seed.message ?? `commit ${seq}`;
    const sha = seed.sha ?? createHash('sha1').update(`${message}\n${parents.join(',')}\n${seq}\n${randomUUID()}`).digest('hex');
    const commit: CommitRecord = {
      sha,
      message,
      author: { name: seed.author?.name ?? 'Octo Cat', email: seed.author?.email ?? 'octocat@users.noreply.github.com', login: seed.author?.login ?? 'octocat' },
      date: seed.date ?? this.now(),
      parents,
      files: seed.files ?? [],
      seq,
    };
    this.state.commits[sha] = commit;
    if (seed.branch) this.state.refs[`refs/heads/${seed.branch}`] = sha;
    this.changed();
    return commit;
  }

  commit(sha: string): CommitRecord | undefined {
    return this.state.commits[sha];
  }

  branchSha(branch: string): string | undefined {
    return this.state.refs[`refs/heads/${branch}`];
  }

  setBranch(branch: string, sha: string): void {
    this.state.refs[`refs/heads/${branch}`] = sha;
    this.changed();
  }

  deleteBranch(branch: string): boolean {
    return this.deleteRef(`refs/heads/${branch}`);
  }

  /** All refs (refs/heads/..., refs/tags/..., custom refs) to their sha. */
  refs(): Record<string, string> {
    return { ...this.state.refs };
  }

  ref(ref: string): string | undefined {
    return this.state.refs[ref];
  }

  /** Atomic claim primitive: false when the ref already exists. */
  createRef(ref: string, sha: string): boolean {
    if (ref in this.state.refs) return false;
    this.state.refs[ref] = sha;
    this.changed();
    return true;
  }

  updateRef(ref: string, sha: string): boolean {
    if (!(ref in this.state.refs)) return false;
    this.state.refs[ref] = sha;
    this.changed();
    return true;
  }

  deleteRef(ref: string): boolean {
    if (!(ref in this.state.refs)) return false;
    delete this.state.refs[ref];
    this.changed();
    return true;
  }

  /** A sha for a branch name, a full ref, a tag or a (full) sha. */
  resolve(refOrSha: string): string | undefined {
    if (HEX40.test(refOrSha)) return refOrSha;
    return this.state.refs[refOrSha] ?? this.state.refs[`refs/heads/${refOrSha}`] ?? this.state.refs[`refs/tags/${refOrSha}`];
  }

  private ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const s = queue.pop() as string;
      if (seen.has(s)) continue;
      seen.add(s);
      for (const p of this.state.commits[s]?.parents ?? []) queue.push(p);
    }
    return seen;
  }

  private ordered(shas: Iterable<string>): CommitRecord[] {
    return [...shas]
      .map((s) => this.state.commits[s])
      .filter((c): c is CommitRecord => c !== undefined)
      .sort((a, b) => a.date - b.date || a.seq - b.seq);
  }

  compare(base: string, head: string): CompareResult | undefined {
    const baseSha = this.resolve(base);
    const headSha = this.resolve(head);
    const baseCommit = baseSha ? this.state.commits[baseSha] : undefined;
    const headCommit = headSha ? this.state.commits[headSha] : undefined;
    if (!baseCommit || !headCommit) return undefined;
    const fromBase = this.ancestors(baseCommit.sha);
    const fromHead = this.ancestors(headCommit.sha);
    const ahead = this.ordered([...fromHead].filter((s) => !fromBase.has(s)));
    const behind = this.ordered([...fromBase].filter((s) => !fromHead.has(s)));
    const common = this.ordered([...fromHead].filter((s) => fromBase.has(s)));
    const status =
      ahead.length === 0 && behind.length === 0 ? 'identical' : behind.length === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';
    return { status, base: baseCommit, head: headCommit, mergeBase: common.at(-1), ahead, behind, files: mergeFiles(ahead) };
  }

  /**
   * The files of a commit, for a checkout: the contents its first-parent history wrote, oldest first
   * (files seeded without content are left out).
   */
  tree(sha: string): Map<string, string> {
    const chain: CommitRecord[] = [];
    let files = new Map<string, string>();
    for (let c = this.state.commits[sha]; c; c = c.parents[0] ? this.state.commits[c.parents[0]] : undefined) {
      // a commit a content source knows (an imported git commit) holds the whole tree: start there
      const known = this.contentSource?.(c.sha);
      if (known) {
        files = new Map(known);
        break;
      }
      chain.push(c);
    }
    for (const c of chain.reverse()) {
      for (const f of c.files) {
        if (f.status === 'removed') files.delete(f.filename);
        else if (f.content !== undefined) files.set(f.filename, f.content);
      }
    }
    return files;
  }

  private contentSource: ((sha: string) => Map<string, string> | undefined) | undefined;

  /** Where whole trees come from for commits that carry no contents (e.g. a git repository on disk). */
  setContentSource(source: (sha: string) => Map<string, string> | undefined): void {
    this.contentSource = source;
  }

  // ---- issues and pull requests

  addIssue(seed: IssueSeed = {}): IssueRecord {
    const t = this.now();
    const labels = this.labelNames(seed.labels ?? []);
    const issue: IssueRecord = {
      number: this.state.nextNumber++,
      id: this.id(),
      title: seed.title ?? 'Untitled',
      body: seed.body ?? null,
      state: seed.state ?? 'open',
      stateReason: null,
      labels,
      user: seed.user ?? 'octocat',
      createdAt: t,
      updatedAt: t,
      closedAt: seed.state === 'closed' ? t : null,
    };
    this.state.issues.push(issue);
    this.changed();
    return issue;
  }

  addPull(seed: PullSeed): IssueRecord {
    const base = seed.base ?? this.repo.defaultBranch;
    const baseSha = this.branchSha(base) ?? '';
    if (seed.commits?.length && !this.branchSha(seed.head) && baseSha) this.setBranch(seed.head, baseSha);
    for (const c of seed.commits ?? []) this.addCommit({ ...c, branch: seed.head });
    const issue = this.addIssue({ ...seed, title: seed.title ?? `Update ${seed.head}` });
    issue.pull = {
      head: seed.head,
      headSha: this.branchSha(seed.head) ?? baseSha,
      base,
      baseSha,
      headRepo: seed.headRepo,
      draft: seed.draft ?? false,
      merged: false,
      mergedAt: null,
      files: seed.files,
    };
    this.changed();
    return issue;
  }

  issue(number: number): IssueRecord | undefined {
    return this.state.issues.find((i) => i.number === number);
  }

  pull(number: number): IssueRecord | undefined {
    const i = this.issue(number);
    return i?.pull ? i : undefined;
  }

  /** Issues and pull requests (GitHub lists both as issues). */
  issues(): IssueRecord[] {
    return [...this.state.issues];
  }

  pulls(): IssueRecord[] {
    return this.state.issues.filter((i) => i.pull);
  }

  /** The head sha of a PR: the live branch tip while the branch exists. */
  pullHeadSha(pr: IssueRecord): string {
    const p = pr.pull;
    if (!p) return '';
    return (!p.headRepo && this.branchSha(p.head)) || p.headSha;
  }

  pullCommits(pr: IssueRecord): CommitRecord[] {
    const p = pr.pull;
    if (!p) return [];
    return this.compare(this.branchSha(p.base) ?? p.baseSha, this.pullHeadSha(pr))?.ahead ?? [];
  }

  pullFiles(pr: IssueRecord): CommitFile[] {
    return pr.pull?.files ?? mergeFiles(this.pullCommits(pr));
  }

  updateIssue(number: number, patch: { title?: string; body?: string | null; state?: 'open' | 'closed'; stateReason?: string | null; labels?: string[]; base?: string }): IssueRecord | undefined {
    const issue = this.issue(number);
    if (!issue) return undefined;
    const t = this.now();
    if (patch.title !== undefined) issue.title = patch.title;
    if (patch.body !== undefined) issue.body = patch.body;
    if (patch.state !== undefined && patch.state !== issue.state) {
      issue.state = patch.state;
      issue.closedAt = patch.state === 'closed' ? t : null;
      issue.stateReason = patch.state === 'closed' ? (patch.stateReason ?? 'completed') : 'reopened';
    }
    if (patch.labels !== undefined) issue.labels = this.labelNames(patch.labels);
    if (patch.base !== undefined && issue.pull) issue.pull.base = patch.base;
    issue.updatedAt = t;
    this.changed();
    return issue;
  }

  /** Marks a PR merged and closed (for seeding). */
  mergePull(number: number): IssueRecord | undefined {
    const pr = this.pull(number);
    if (!pr?.pull) return undefined;
    const t = this.now();
    pr.pull.merged = true;
    pr.pull.mergedAt = t;
    pr.pull.headSha = this.pullHeadSha(pr);
    pr.state = 'closed';
    pr.closedAt = t;
    pr.updatedAt = t;
    this.changed();
    return pr;
  }

  // ---- labels

  /**
   * Label names as GitHub stores them on an issue: matched case-insensitively against the repository's
   * labels (created when missing), spelled as the label is, each once ("Bug" and "bug" are one label).
   */
  private labelNames(names: readonly string[]): string[] {
    const out: string[] = [];
    for (const n of names) {
      const label = this.ensureLabel(n);
      if (!out.includes(label.name)) out.push(label.name);
    }
    return out;
  }

  labels(): LabelRecord[] {
    return [...this.state.labels];
  }

  ensureLabel(name: string, color?: string, description?: string | null): LabelRecord {
    const existing = this.state.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (existing) return existing;
    const label: LabelRecord = {
      id: this.id(),
      name,
      color: color ?? LABEL_COLORS[this.state.labels.length % LABEL_COLORS.length] ?? 'ededed',
      description: description ?? null,
    };
    this.state.labels.push(label);
    this.changed();
    return label;
  }

  // ---- comments

  addComment(issue: number, body: string, user = BOT_LOGIN): CommentRecord {
    const t = this.now();
    const comment: CommentRecord = { id: this.id(), issue, body, user, createdAt: t, updatedAt: t };
    this.state.comments.push(comment);
    const target = this.issue(issue);
    if (target) target.updatedAt = t;
    this.changed();
    return comment;
  }

  comments(issue?: number): CommentRecord[] {
    return this.state.comments.filter((c) => issue === undefined || c.issue === issue);
  }

  comment(id: number): CommentRecord | undefined {
    return this.state.comments.find((c) => c.id === id);
  }

  updateComment(id: number, body: string): CommentRecord | undefined {
    const c = this.comment(id);
    if (!c) return undefined;
    c.body = body;
    c.updatedAt = this.now();
    this.changed();
    return c;
  }

  deleteComment(id: number): boolean {
    const before = this.state.comments.length;
    this.state.comments = this.state.comments.filter((c) => c.id !== id);
    this.changed();
    return this.state.comments.length < before;
  }

  // ---- check runs

  createCheckRun(seed: Partial<Omit<CheckRunRecord, 'id'>> & { name: string; headSha: string }): CheckRunRecord {
    const t = this.now();
    const status = seed.status ?? (seed.conclusion ? 'completed' : 'queued');
    const run: CheckRunRecord = {
      id: this.id(),
      name: seed.name,
      headSha: seed.headSha,
      status,
      conclusion: seed.conclusion ?? null,
      startedAt: seed.startedAt ?? t,
      completedAt: seed.completedAt ?? (status === 'completed' ? t : null),
      detailsUrl: seed.detailsUrl ?? null,
      externalId: seed.externalId ?? null,
      output: seed.output ?? {},
      annotationsCount: seed.annotationsCount ?? 0,
    };
    this.state.checkRuns.push(run);
    this.changed();
    return run;
  }

  updateCheckRun(id: number, patch: CheckRunPatch): CheckRunRecord | undefined {
    const run = this.state.checkRuns.find((r) => r.id === id);
    if (!run) return undefined;
    Object.assign(run, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    if (patch.conclusion && patch.status === undefined) run.status = 'completed';
    if (run.status === 'completed' && run.completedAt === null) run.completedAt = this.now();
    this.changed();
    return run;
  }

  checkRuns(headSha?: string): CheckRunRecord[] {
    return this.state.checkRuns.filter((r) => headSha === undefined || r.headSha === headSha);
  }

  checkRun(id: number): CheckRunRecord | undefined {
    return this.state.checkRuns.find((r) => r.id === id);
  }

  // ---- workflow runs and dispatches

  addWorkflowRun(seed: WorkflowRunSeed = {}): WorkflowRunRecord {
    const t = this.now();
    const id = seed.id ?? this.state.nextRunId++;
    if (id >= this.state.nextRunId) this.state.nextRunId = id + 1;
    const run: WorkflowRunRecord = {
      name: 'CI',
      path: '.github/workflows/ci.yml',
      event: 'push',
      headBranch: this.repo.defaultBranch,
      headSha: this.branchSha(seed.headBranch ?? this.repo.defaultBranch) ?? '',
      status: 'in_progress',
      conclusion: null,
      runAttempt: 1,
      runNumber: this.state.runs.length + 1,
      actor: 'octocat',
      createdAt: t,
      updatedAt: t,
      ...seed,
      id,
      backendId: randomUUID(),
    };
    this.state.runs = this.state.runs.filter((r) => r.id !== id);
    this.state.runs.push(run);
    this.changed();
    return run;
  }

  /** A repository id as GitHub would give it: this repository's, or a stable one per fork name. */
  repoIdOf(fullName: string): number {
    if (fullName === this.repo.fullName) return this.repo.id;
    return 100_000 + (parseInt(createHash('sha1').update(fullName).digest('hex').slice(0, 6), 16) % 900_000);
  }

  workflowRun(id: number): WorkflowRunRecord | undefined {
    return this.state.runs.find((r) => r.id === id);
  }

  workflowRuns(): WorkflowRunRecord[] {
    return [...this.state.runs];
  }

  updateWorkflowRun(id: number, patch: Partial<Omit<WorkflowRunRecord, 'id' | 'backendId'>>): WorkflowRunRecord | undefined {
    const run = this.workflowRun(id);
    if (!run) return undefined;
    Object.assign(run, patch, { updatedAt: this.now() });
    this.changed();
    return run;
  }

  recordDispatch(d: Omit<DispatchRecord, 'at'>): DispatchRecord {
    const rec = { ...d, at: this.now() };
    this.state.dispatches.push(rec);
    this.changed();
    return rec;
  }

  dispatches(): DispatchRecord[] {
    return [...this.state.dispatches];
  }

  /** Workflow files on the default branch; dispatching another one answers 404. Empty accepts any. */
  setWorkflows(files: string[]): void {
    this.state.workflows = [...files];
    this.changed();
  }

  workflows(): string[] {
    return [...this.state.workflows];
  }

  // ---- collaborators

  setPermission(login: string, permission: CollaboratorPermission): void {
    this.state.permissions[login.toLowerCase()] = permission;
    this.changed();
  }

  /** Seeded permission; 'none' for users never seeded. */
  permission(login: string): CollaboratorPermission {
    return this.state.permissions[login.toLowerCase()] ?? 'none';
  }
}

/** Files changed by a sequence of commits: per file name the last status, with summed line counts. */
function mergeFiles(commits: readonly CommitRecord[]): CommitFile[] {
  const byName = new Map<string, CommitFile>();
  for (const c of commits) {
    for (const f of c.files) {
      const prev = byName.get(f.filename);
      byName.set(f.filename, {
        ...f,
        status: prev?.status === 'added' && f.status !== 'removed' ? 'added' : (f.status ?? 'modified'),
        additions: (prev?.additions ?? 0) + (f.additions ?? 0),
        deletions: (prev?.deletions ?? 0) + (f.deletions ?? 0),
      });
    }
  }
  return [...byName.values()].sort((a, b) => a.filename.localeCompare(b.filename));
}
