// JSON shapes of GitHub's REST API: every property GitHub's OpenAPI description marks required (checked
// by test/runtime/openapi-conformance.test.ts), with the values this fake repository has.
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
    const api = `${this.apiUrl()}/users/${encodeURIComponent(login)}`;
    return {
      login,
      id,
      node_id: `U_${id}`,
      type: bot ? 'Bot' : 'User',
      site_admin: false,
      // bots live under /apps/ (a login with [bot] is no valid URL path)
      html_url: bot ? `${WEB_URL}/apps/${login.replace(/\[bot\]$/, '')}` : `${WEB_URL}/${login}`,
      avatar_url: `${WEB_URL}/avatars/u/${id}`,
      gravatar_id: '',
      url: api,
      events_url: `${api}/events{/privacy}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      organizations_url: `${api}/orgs`,
      received_events_url: `${api}/received_events`,
      repos_url: `${api}/repos`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
    };
  }

  /** The repository (full-repository for GET /repos/{owner}/{repo}; "repository" inside PRs and runs). */
  repository(fullName = this.fake.repo.fullName, fork = false): Record<string, unknown> {
    const r = this.fake.repo;
    const [owner = '', name = ''] = fullName.split('/');
    const id = fullName === r.fullName ? r.id : stableId(fullName);
    const api = `${this.apiUrl()}/repos/${fullName}`;
    const epoch = '2020-01-01T00:00:00Z';
    // pushed_at: the newest commit a branch points at (the fake has no push log)
    const pushed = Math.max(0, ...Object.values(this.fake.refs()).map((sha) => this.fake.commit(sha)?.date ?? 0));
    const pushedAt = pushed > 0 ? isoSeconds(pushed) : epoch;
    const urls: Record<string, string> = {};
    for (const [k, v] of Object.entries(REPO_URL_TEMPLATES)) urls[k] = `${api}${v}`;
    return {
      id,
      node_id: `R_${id}`,
      name,
      full_name: fullName,
      owner: this.user(owner),
      private: false,
      html_url: `${WEB_URL}/${fullName}`,
      description: null,
      fork,
      url: api,
      ...urls,
      clone_url: `${WEB_URL}/${fullName}.git`,
      git_url: `git://github.localhost/${fullName}.git`,
      ssh_url: `git@github.localhost:${fullName}.git`,
      svn_url: `${WEB_URL}/${fullName}`,
      mirror_url: null,
      homepage: null,
      language: null,
      forks: 0,
      forks_count: 0,
      stargazers_count: 0,
      watchers: 0,
      watchers_count: 0,
      size: 0,
      default_branch: r.defaultBranch,
      open_issues: 0,
      open_issues_count: 0,
      has_issues: true,
      has_projects: false,
      has_wiki: false,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      visibility: 'public',
      license: null,
      pushed_at: pushedAt,
      created_at: epoch,
      updated_at: pushedAt,
      network_count: 0,
      subscribers_count: 0,
    };
  }

  commit(c: CommitRecord, withFiles = false): Record<string, unknown> {
    const person = { name: c.author.name, email: c.author.email, date: isoSeconds(c.date) };
    const out: Record<string, unknown> = {
      sha: c.sha,
      node_id: `C_${c.sha.slice(0, 12)}`,
      url: `${this.repoApi}/commits/${c.sha}`,
      html_url: `${this.repoWeb}/commit/${c.sha}`,
      comments_url: `${this.repoApi}/commits/${c.sha}/comments`,
      commit: {
        url: `${this.repoApi}/git/commits/${c.sha}`,
        message: c.message,
        author: person,
        committer: person,
        comment_count: 0,
        // no trees in this fake: the commit's sha stands in for its tree's
        tree: { sha: c.sha, url: `${this.repoApi}/git/trees/${c.sha}` },
      },
      author: c.author.login ? this.user(c.author.login) : null,
      committer: c.author.login ? this.user(c.author.login) : null,
      parents: c.parents.map((sha) => ({ sha, url: `${this.repoApi}/commits/${sha}`, html_url: `${this.repoWeb}/commit/${sha}` })),
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
      // blob shas are not modelled: a stable stand-in per file name
      sha: stableSha(f.filename),
      blob_url: `${this.repoWeb}/blob/HEAD/${f.filename}`,
      raw_url: `${this.repoWeb}/raw/HEAD/${f.filename}`,
      contents_url: `${this.repoApi}/contents/${f.filename}`,
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
      return l ? this.label(l) : this.label({ id: 0, name, color: 'ededed', description: null });
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
      repository_url: this.repoApi,
      labels_url: `${this.repoApi}/issues/${i.number}/labels{/name}`,
      comments_url: `${this.repoApi}/issues/${i.number}/comments`,
      events_url: `${this.repoApi}/issues/${i.number}/events`,
      assignee: null,
      assignees: [],
      milestone: null,
      author_association: this.association(i.user),
    };
    if (i.pull) out['pull_request'] = { url: `${this.repoApi}/pulls/${i.number}`, html_url: `${this.repoWeb}/pull/${i.number}` };
    return out;
  }

  pull(i: IssueRecord): Record<string, unknown> {
    const p = i.pull;
    if (!p) return this.issue(i);
    const repo = this.repository();
    const headRepo = p.headRepo ? { ...this.repository(p.headRepo, true), id: this.fake.repoIdOf(p.headRepo) } : repo;
    const headOwner = p.headRepo ? (p.headRepo.split('/')[0] ?? '') : this.fake.repo.owner;
    const commits = this.fake.pullCommits(i);
    const files = this.fake.pullFiles(i);
    const self = `${this.repoApi}/pulls/${i.number}`;
    return {
      ...this.issue(i),
      url: self,
      _links: {
        self: { href: self },
        html: { href: `${this.repoWeb}/pull/${i.number}` },
        issue: { href: `${this.repoApi}/issues/${i.number}` },
        comments: { href: `${this.repoApi}/issues/${i.number}/comments` },
        review_comments: { href: `${self}/comments` },
        review_comment: { href: `${this.repoApi}/pulls/comments{/number}` },
        commits: { href: `${self}/commits` },
        statuses: { href: `${this.repoApi}/statuses/${this.fake.pullHeadSha(i)}` },
      },
      diff_url: `${this.repoWeb}/pull/${i.number}.diff`,
      patch_url: `${this.repoWeb}/pull/${i.number}.patch`,
      commits_url: `${self}/commits`,
      review_comments_url: `${self}/comments`,
      review_comment_url: `${this.repoApi}/pulls/comments{/number}`,
      statuses_url: `${this.repoApi}/statuses/${this.fake.pullHeadSha(i)}`,
      merge_commit_sha: null,
      auto_merge: null,
      mergeable_state: p.merged ? 'unknown' : 'clean',
      maintainer_can_modify: false,
      merged_by: null,
      review_comments: 0,
      requested_reviewers: [],
      requested_teams: [],
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
    };
  }

  /** author_association of a user: OWNER for the repository owner, COLLABORATOR with a seeded permission. */
  private association(login: string): string {
    if (login.toLowerCase() === this.fake.repo.owner.toLowerCase()) return 'OWNER';
    return this.fake.permission(login) === 'none' ? 'CONTRIBUTOR' : 'COLLABORATOR';
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
      output: {
        title: r.output.title ?? null,
        summary: r.output.summary ?? null,
        text: r.output.text ?? null,
        annotations_count: r.annotationsCount ?? 0,
        annotations_url: `${this.repoApi}/check-runs/${r.id}/annotations`,
      },
      url: `${this.repoApi}/check-runs/${r.id}`,
      html_url: `${this.repoWeb}/runs/${r.id}`,
      // one check suite per check run: suites are not modelled
      check_suite: { id: r.id },
      pull_requests: [],
      app: {
        id: 15368,
        slug: 'github-actions',
        node_id: 'MDM6QXBwMTUzNjg=',
        owner: this.user('github'),
        name: 'GitHub Actions',
        description: 'Automate your workflow from idea to production',
        external_url: 'https://help.github.com/en/actions',
        html_url: `${WEB_URL}/apps/github-actions`,
        created_at: '2018-07-30T09:30:17Z',
        updated_at: '2019-12-10T19:04:12Z',
        permissions: {},
        events: [],
      },
    };
  }

  workflowRun(r: WorkflowRunRecord): Record<string, unknown> {
    const head = this.fake.commit(r.headSha);
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
      jobs_url: `${this.repoApi}/actions/runs/${r.id}/jobs`,
      logs_url: `${this.repoApi}/actions/runs/${r.id}/logs`,
      check_suite_url: `${this.repoApi}/check-suites/${r.id}`,
      cancel_url: `${this.repoApi}/actions/runs/${r.id}/cancel`,
      rerun_url: `${this.repoApi}/actions/runs/${r.id}/rerun`,
      workflow_url: `${this.repoApi}/actions/workflows/${workflowId(r.path)}`,
      workflow_id: workflowId(r.path),
      head_commit: head
        ? { id: head.sha, tree_id: head.sha, message: head.message, timestamp: isoSeconds(head.date), author: { name: head.author.name, email: head.author.email }, committer: { name: head.author.name, email: head.author.email } }
        : null,
      pull_requests: [],
      repository: this.repository(),
      // a fork's pull request run executed the fork's code: GitHub names the fork here
      head_repository: r.headRepo ? { ...this.repository(r.headRepo, true), id: this.fake.repoIdOf(r.headRepo) } : this.repository(),
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

/** Every `*_url` of a repository object, relative to its API URL (GitHub's URL templates). */
const REPO_URL_TEMPLATES: Record<string, string> = {
  archive_url: '/{archive_format}{/ref}',
  assignees_url: '/assignees{/user}',
  blobs_url: '/git/blobs{/sha}',
  branches_url: '/branches{/branch}',
  collaborators_url: '/collaborators{/collaborator}',
  comments_url: '/comments{/number}',
  commits_url: '/commits{/sha}',
  compare_url: '/compare/{base}...{head}',
  contents_url: '/contents/{+path}',
  contributors_url: '/contributors',
  deployments_url: '/deployments',
  downloads_url: '/downloads',
  events_url: '/events',
  forks_url: '/forks',
  git_commits_url: '/git/commits{/sha}',
  git_refs_url: '/git/refs{/sha}',
  git_tags_url: '/git/tags{/sha}',
  hooks_url: '/hooks',
  issue_comment_url: '/issues/comments{/number}',
  issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}',
  keys_url: '/keys{/key_id}',
  labels_url: '/labels{/name}',
  languages_url: '/languages',
  merges_url: '/merges',
  milestones_url: '/milestones{/number}',
  notifications_url: '/notifications{?since,all,participating}',
  pulls_url: '/pulls{/number}',
  releases_url: '/releases{/id}',
  stargazers_url: '/stargazers',
  statuses_url: '/statuses/{sha}',
  subscribers_url: '/subscribers',
  subscription_url: '/subscription',
  tags_url: '/tags',
  teams_url: '/teams',
  trees_url: '/git/trees{/sha}',
};

/** A stable numeric workflow id for a workflow file path (workflows are not modelled as records). */
function workflowId(path: string): number {
  return stableId(path);
}

function stableSha(text: string): string {
  let out = '';
  for (let i = 0; out.length < 40; i++) out += stableId(`${text}#${i}`).toString(16);
  return out.slice(0, 40);
}

function stableId(login: string): number {
  let h = 7;
  for (const ch of login) h = (h * 31 + ch.charCodeAt(0)) % 90_000_000;
  return 10_000_000 + h;
}
