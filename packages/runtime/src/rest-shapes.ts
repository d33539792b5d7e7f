// JSON shapes of GitHub's REST API (the fields clients commonly read; not every field GitHub sends).
import type { ArtifactRecord } from './artifact-service.js';
import type { CacheEntryRecord } from './cache-service.js';
import {
  BOT_LOGIN,
  type CheckRunRecord,
  type CommentRecord,
  type CommitFile,
  type CommitRecord,
  type GithubFake,
  type IssueRecord,
  type LabelRecord,
  type WorkflowRunRecord,
} from './github-fake.js';
import { isoSeconds } from './http.js';

export const WEB_URL = 'http://github.localhost';

const iso = (ms: number | null): string | null => (ms === null ? null : isoSeconds(ms));

/** Shape builders bound to one fake repository and the runtime's base URL. */
export class Shapes {
  constructor(
    private readonly fake: GithubFake,
    private readonly apiUrl: () => string,
  ) {}

  get repoApi(): string {
    return `${this.apiUrl()}/repos/${this.fake.repo.fullName}`;
  }

  get repoWeb(): string {
    return `${WEB_URL}/${this.fake.repo.fullName}`;
  }

  user(login: string): Record<string, unknown> {
    const bot = login.endsWith('[bot]');
    const id = bot && login === BOT_LOGIN ? 41898282 : stableId(login);
    return { login, id, node_id: `U_${id}`, type: bot ? 'Bot' : 'User', site_admin: false, html_url: `${WEB_URL}/${login}` };
  }

  repository(): Record<string, unknown> {
    const r = this.fake.repo;
    return {
      id: r.id,
      node_id: `R_${r.id}`,
      name: r.name,
      full_name: r.fullName,
      owner: this.user(r.owner),
      private: false,
      html_url: this.repoWeb,
      url: this.repoApi,
      default_branch: r.defaultBranch,
      fork: false,
      visibility: 'public',
    };
  }

  commit(c: CommitRecord, withFiles = false): Record<string, unknown> {
    const person = { name: c.author.name, email: c.author.email, date: isoSeconds(c.date) };
    const out: Record<string, unknown> = {
      sha: c.sha,
      node_id: `C_${c.sha.slice(0, 12)}`,
      url: `${this.repoApi}/commits/${c.sha}`,
      html_url: `${this.repoWeb}/commit/${c.sha}`,
      commit: { message: c.message, author: person, committer: person, tree: { sha: c.sha } },
      author: c.author.login ? this.user(c.author.login) : null,
      committer: c.author.login ? this.user(c.author.login) : null,
      parents: c.parents.map((sha) => ({ sha, url: `${this.repoApi}/commits/${sha}` })),
    };
    if (withFiles) out['files'] = c.files.map((f) => this.file(f));
    return out;
  }

  file(f: CommitFile): Record<string, unknown> {
    const additions = f.additions ?? 0;
    const deletions = f.deletions ?? 0;
    return {
      filename: f.filename,
      status: f.status ?? 'modified',
      additions,
      deletions,
      changes: additions + deletions,
      ...(f.patch !== undefined ? { patch: f.patch } : {}),
    };
  }

  label(l: LabelRecord): Record<string, unknown> {
    return {
      id: l.id,
      node_id: `LA_${l.id}`,
      url: `${this.repoApi}/labels/${encodeURIComponent(l.name)}`,
      name: l.name,
      color: l.color,
      description: l.description,
      default: false,
    };
  }

  private labelsOf(i: IssueRecord): Record<string, unknown>[] {
    const all = this.fake.labels();
    return i.labels.map((name) => {
      const l = all.find((x) => x.name.toLowerCase() === name.toLowerCase());
      return l ? this.label(l) : { name };
    });
  }

  issue(i: IssueRecord): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: i.id,
      node_id: `I_${i.id}`,
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      state_reason: i.stateReason,
      locked: false,
      labels: this.labelsOf(i),
      user: this.user(i.user),
      comments: this.fake.comments(i.number).length,
      created_at: iso(i.createdAt),
      updated_at: iso(i.updatedAt),
      closed_at: iso(i.closedAt),
      url: `${this.repoApi}/issues/${i.number}`,
      html_url: `${this.repoWeb}/${i.pull ? 'pull' : 'issues'}/${i.number}`,
    };
    if (i.pull) out['pull_request'] = { url: `${this.repoApi}/pulls/${i.number}`, html_url: `${this.repoWeb}/pull/${i.number}` };
    return out;
  }

  pull(i: IssueRecord): Record<string, unknown> {
    const p = i.pull;
    if (!p) return this.issue(i);
    const repo = this.repository();
    const headRepo = p.headRepo ? { ...repo, id: this.fake.repoIdOf(p.headRepo), full_name: p.headRepo, name: p.headRepo.split('/')[1], fork: true, owner: this.user(p.headRepo.split('/')[0] ?? '') } : repo;
    const headOwner = p.headRepo ? (p.headRepo.split('/')[0] ?? '') : this.fake.repo.owner;
    const commits = this.fake.pullCommits(i);
    const files = this.fake.pullFiles(i);
    return {
      ...this.issue(i),
      url: `${this.repoApi}/pulls/${i.number}`,
      html_url: `${this.repoWeb}/pull/${i.number}`,
      issue_url: `${this.repoApi}/issues/${i.number}`,
      draft: p.draft,
      merged: p.merged,
      merged_at: iso(p.mergedAt),
      mergeable: p.merged ? null : true,
      head: { label: `${headOwner}:${p.head}`, ref: p.head, sha: this.fake.pullHeadSha(i), repo: headRepo, user: this.user(headOwner) },
      base: { label: `${this.fake.repo.owner}:${p.base}`, ref: p.base, sha: this.fake.branchSha(p.base) ?? p.baseSha, repo, user: this.user(this.fake.repo.owner) },
      commits: commits.length,
      changed_files: files.length,
      additions: files.reduce((n, f) => n + (f.additions ?? 0), 0),
      deletions: files.reduce((n, f) => n + (f.deletions ?? 0), 0),
      author_association: this.fake.permission(i.user) === 'none' ? 'CONTRIBUTOR' : 'COLLABORATOR',
    };
  }

  comment(c: CommentRecord): Record<string, unknown> {
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      body: c.body,
      user: this.user(c.user),
      created_at: iso(c.createdAt),
      updated_at: iso(c.updatedAt),
      issue_url: `${this.repoApi}/issues/${c.issue}`,
      url: `${this.repoApi}/issues/comments/${c.id}`,
      html_url: `${this.repoWeb}/issues/${c.issue}#issuecomment-${c.id}`,
      author_association: 'NONE',
    };
  }

  checkRun(r: CheckRunRecord): Record<string, unknown> {
    return {
      id: r.id,
      node_id: `CR_${r.id}`,
      name: r.name,
      head_sha: r.headSha,
      status: r.status,
      conclusion: r.conclusion,
      started_at: iso(r.startedAt),
      completed_at: iso(r.completedAt),
      details_url: r.detailsUrl,
      external_id: r.externalId,
      output: { title: r.output.title ?? null, summary: r.output.summary ?? null, text: r.output.text ?? null, annotations_count: r.annotationsCount ?? 0 },
      url: `${this.repoApi}/check-runs/${r.id}`,
      html_url: `${this.repoWeb}/runs/${r.id}`,
      app: { id: 15368, slug: 'github-actions', name: 'GitHub Actions' },
    };
  }

  workflowRun(r: WorkflowRunRecord): Record<string, unknown> {
    return {
      id: r.id,
      node_id: `WFR_${r.id}`,
      name: r.name,
      display_title: r.name,
      path: r.path,
      event: r.event,
      head_branch: r.headBranch,
      head_sha: r.headSha,
      status: r.status,
      conclusion: r.conclusion,
      run_number: r.runNumber,
      run_attempt: r.runAttempt,
      actor: this.user(r.actor),
      triggering_actor: this.user(r.actor),
      created_at: iso(r.createdAt),
      updated_at: iso(r.updatedAt),
      run_started_at: iso(r.createdAt),
      url: `${this.repoApi}/actions/runs/${r.id}`,
      html_url: `${this.repoWeb}/actions/runs/${r.id}`,
      artifacts_url: `${this.repoApi}/actions/runs/${r.id}/artifacts`,
      repository: this.repository(),
    };
  }

  artifact(a: ArtifactRecord, expired = false): Record<string, unknown> {
    const run = this.fake.workflowRun(a.runId);
    return {
      id: a.id,
      node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
      name: a.name,
      size_in_bytes: a.size,
      url: `${this.repoApi}/actions/artifacts/${a.id}`,
      archive_download_url: `${this.repoApi}/actions/artifacts/${a.id}/zip`,
      expired,
      digest: a.digest || null,
      created_at: iso(a.createdAt),
      updated_at: iso(a.updatedAt),
      expires_at: iso(a.expiresAt),
      workflow_run: {
        id: a.runId,
        repository_id: this.fake.repo.id,
        // a fork's pull request run executed the fork's code: GitHub names the fork here
        head_repository_id: run?.headRepositoryId ?? this.fake.repo.id,
        head_branch: run?.headBranch ?? null,
        head_sha: run?.headSha ?? null,
      },
    };
  }

  cache(e: CacheEntryRecord): Record<string, unknown> {
    return {
      id: e.id,
      ref: e.scope,
      key: e.key,
      version: e.version,
      last_accessed_at: new Date(e.lastAccessedAt).toISOString(),
      created_at: new Date(e.createdAt).toISOString(),
      size_in_bytes: e.sizeBytes,
    };
  }
}

function stableId(login: string): number {
  let h = 7;
  for (const ch of login) h = (h * 31 + ch.charCodeAt(0)) % 90_000_000;
  return 10_000_000 + h;
}
