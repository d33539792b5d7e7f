// Repository REST routes: pulls, issues, comments, labels, check runs, commits, compare, branches,
// git refs and collaborator permissions.
import type { CheckRunOutput, IssueRecord } from './github-fake.js';
import { BOT_LOGIN } from './github-fake.js';
import { HttpAnswer, jsonReply, reply, restError } from './http.js';
import { paginate } from './pagination.js';
import { notFound, optString, requireString, route, validationFailed, type RestContext, type RestDeps, type RestRouter } from './rest-api.js';

const R = '/repos/{owner}/{repo}';

function num(ctx: RestContext, name: string): number {
  const n = Number(ctx.params[name]);
  if (!Number.isInteger(n) || n <= 0) throw new HttpAnswer(notFound());
  return n;
}

function actor(ctx: RestContext): string {
  return ctx.grant?.login ?? BOT_LOGIN;
}

/** state (open|closed|all, default open), sort (created|updated), direction (default desc). */
function filterSortIssues(list: IssueRecord[], q: URLSearchParams): IssueRecord[] {
  const state = q.get('state') ?? 'open';
  const key = q.get('sort') === 'updated' ? 'updatedAt' : 'createdAt';
  const dir = q.get('direction') === 'asc' ? 1 : -1;
  return list
    .filter((i) => state === 'all' || i.state === state)
    .sort((a, b) => dir * (a[key] - b[key] || a.number - b.number));
}

function stringList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x !== null ? String((x as { name?: unknown }).name ?? '') : String(x)));
}

export function registerRepoRoutes(r: RestRouter, d: RestDeps): void {
  const { fake, shapes } = d;

  const pullOr404 = (ctx: RestContext): IssueRecord => {
    const pr = fake.pull(num(ctx, 'pull_number'));
    if (!pr) throw new HttpAnswer(notFound());
    return pr;
  };
  const issueOr404 = (ctx: RestContext): IssueRecord => {
    const issue = fake.issue(num(ctx, 'issue_number'));
    if (!issue) throw new HttpAnswer(notFound());
    return issue;
  };
  const list = (ctx: RestContext, items: readonly Record<string, unknown>[], max?: number) => {
    const page = paginate(max === undefined ? items : items.slice(0, max), ctx.url);
    return jsonReply(200, page.items, page.headers);
  };

  route(r, 'GET', R, ['metadata'], 'read', () => jsonReply(200, shapes.repository()));

  // ---- pulls
  route(r, 'GET', `${R}/pulls`, ['pull_requests'], 'read', (ctx) => {
    const head = ctx.query.get('head');
    const base = ctx.query.get('base');
    const pulls = filterSortIssues(fake.pulls(), ctx.query).filter((p) => {
      if (base && p.pull?.base !== base) return false;
      if (!head) return true;
      const [owner, branch] = head.includes(':') ? head.split(':', 2) : [fake.repo.owner, head];
      const headOwner = p.pull?.headRepo?.split('/')[0] ?? fake.repo.owner;
      return p.pull?.head === branch && headOwner.toLowerCase() === (owner ?? '').toLowerCase();
    });
    return list(ctx, pulls.map((p) => shapes.pull(p)));
  });

  route(r, 'POST', `${R}/pulls`, ['pull_requests'], 'write', (ctx) => {
    const head = requireString(ctx.body, 'head', 'PullRequest');
    const base = requireString(ctx.body, 'base', 'PullRequest');
    const branch = head.includes(':') ? (head.split(':', 2)[1] ?? '') : head;
    if (!fake.branchSha(branch)) return validationFailed('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (!fake.branchSha(base)) return validationFailed('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    if (fake.pulls().some((p) => p.state === 'open' && p.pull?.head === branch && p.pull.base === base)) {
      return validationFailed('Validation Failed', [
        { resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${fake.repo.owner}:${branch}.` },
      ]);
    }
    const pr = fake.addPull({
      head: branch,
      base,
      title: requireString(ctx.body, 'title', 'PullRequest'),
      body: optString(ctx.body, 'body') ?? null,
      draft: ctx.body['draft'] === true,
      user: actor(ctx),
    });
    return jsonReply(201, shapes.pull(pr));
  });

  route(r, 'GET', `${R}/pulls/{pull_number}`, ['pull_requests'], 'read', (ctx) => jsonReply(200, shapes.pull(pullOr404(ctx))));

  route(r, 'PATCH', `${R}/pulls/{pull_number}`, ['pull_requests'], 'write', (ctx) => {
    const pr = pullOr404(ctx);
    const state = optString(ctx.body, 'state');
    fake.updateIssue(pr.number, {
      title: optString(ctx.body, 'title'),
      body: optString(ctx.body, 'body'),
      state: state === 'open' || state === 'closed' ? state : undefined,
      base: optString(ctx.body, 'base'),
    });
    return jsonReply(200, shapes.pull(pr));
  });

  route(r, 'GET', `${R}/pulls/{pull_number}/commits`, ['pull_requests'], 'read', (ctx) =>
    list(ctx, fake.pullCommits(pullOr404(ctx)).map((c) => shapes.commit(c)), 250),
  );

  route(r, 'GET', `${R}/pulls/{pull_number}/files`, ['pull_requests'], 'read', (ctx) =>
    list(ctx, fake.pullFiles(pullOr404(ctx)).map((f) => ({ sha: null, ...shapes.file(f) })), 3000),
  );

  // ---- issues
  route(r, 'GET', `${R}/issues`, ['issues'], 'read', (ctx) => {
    const labels = (ctx.query.get('labels') ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
    const creator = ctx.query.get('creator');
    const since = ctx.query.get('since');
    const sinceMs = since ? Date.parse(since) : NaN;
    const issues = filterSortIssues(fake.issues(), ctx.query).filter(
      (i) =>
        labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)) &&
        (!creator || i.user.toLowerCase() === creator.toLowerCase()) &&
        (Number.isNaN(sinceMs) || i.updatedAt >= sinceMs),
    );
    return list(ctx, issues.map((i) => shapes.issue(i)));
  });

  route(r, 'POST', `${R}/issues`, ['issues'], 'write', (ctx) => {
    const issue = fake.addIssue({
      title: requireString(ctx.body, 'title', 'Issue'),
      body: optString(ctx.body, 'body') ?? null,
      labels: stringList(ctx.body['labels']) ?? [],
      user: actor(ctx),
    });
    return jsonReply(201, shapes.issue(issue));
  });

  route(r, 'GET', `${R}/issues/{issue_number}`, ['issues'], 'read', (ctx) => jsonReply(200, shapes.issue(issueOr404(ctx))));

  route(r, 'PATCH', `${R}/issues/{issue_number}`, ['issues'], 'write', (ctx) => {
    const issue = issueOr404(ctx);
    const state = optString(ctx.body, 'state');
    if (state !== undefined && state !== 'open' && state !== 'closed') {
      return validationFailed('Validation Failed', [{ resource: 'Issue', field: 'state', code: 'invalid' }]);
    }
    fake.updateIssue(issue.number, {
      title: optString(ctx.body, 'title'),
      body: 'body' in ctx.body ? (optString(ctx.body, 'body') ?? null) : undefined,
      state,
      stateReason: optString(ctx.body, 'state_reason'),
      labels: stringList(ctx.body['labels']),
    });
    return jsonReply(200, shapes.issue(issue));
  });

  route(r, 'POST', `${R}/issues/{issue_number}/labels`, ['issues', 'pull_requests'], 'write', (ctx) => {
    const issue = issueOr404(ctx);
    const add = stringList(ctx.body['labels']) ?? [];
    fake.updateIssue(issue.number, { labels: [...issue.labels, ...add] });
    return jsonReply(200, issue.labels.map((name) => shapes.label(fake.ensureLabel(name))));
  });

  route(r, 'DELETE', `${R}/issues/{issue_number}/labels/{name}`, ['issues', 'pull_requests'], 'write', (ctx) => {
    const issue = issueOr404(ctx);
    const name = (ctx.params['name'] ?? '').toLowerCase();
    if (!issue.labels.some((l) => l.toLowerCase() === name)) return notFound('Label does not exist');
    fake.updateIssue(issue.number, { labels: issue.labels.filter((l) => l.toLowerCase() !== name) });
    return jsonReply(200, issue.labels.map((n) => shapes.label(fake.ensureLabel(n))));
  });

  route(r, 'GET', `${R}/labels`, ['issues'], 'read', (ctx) => list(ctx, fake.labels().map((l) => shapes.label(l))));

  route(r, 'POST', `${R}/labels`, ['issues'], 'write', (ctx) => {
    const name = requireString(ctx.body, 'name', 'Label');
    if (fake.labels().some((l) => l.name.toLowerCase() === name.toLowerCase())) {
      return validationFailed('Validation Failed', [{ resource: 'Label', field: 'name', code: 'already_exists' }]);
    }
    const label = fake.ensureLabel(name, optString(ctx.body, 'color'), optString(ctx.body, 'description') ?? null);
    return jsonReply(201, shapes.label(label));
  });

  // ---- comments
  route(r, 'GET', `${R}/issues/{issue_number}/comments`, ['issues', 'pull_requests'], 'read', (ctx) => {
    const issue = issueOr404(ctx);
    const since = Date.parse(ctx.query.get('since') ?? '');
    const comments = fake.comments(issue.number).filter((c) => Number.isNaN(since) || c.updatedAt >= since);
    return list(ctx, comments.map((c) => shapes.comment(c)));
  });

  route(r, 'POST', `${R}/issues/{issue_number}/comments`, ['issues', 'pull_requests'], 'write', (ctx) => {
    const issue = issueOr404(ctx);
    const body = requireString(ctx.body, 'body', 'IssueComment');
    if (body.length > 65536) return validationFailed('Validation Failed', [{ resource: 'IssueComment', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }]);
    return jsonReply(201, shapes.comment(fake.addComment(issue.number, body, actor(ctx))));
  });

  const commentOr404 = (ctx: RestContext) => {
    const c = fake.comment(num(ctx, 'comment_id'));
    if (!c) throw new HttpAnswer(notFound());
    return c;
  };
  route(r, 'GET', `${R}/issues/comments/{comment_id}`, ['issues', 'pull_requests'], 'read', (ctx) => jsonReply(200, shapes.comment(commentOr404(ctx))));
  route(r, 'PATCH', `${R}/issues/comments/{comment_id}`, ['issues', 'pull_requests'], 'write', (ctx) => {
    const c = commentOr404(ctx);
    fake.updateComment(c.id, requireString(ctx.body, 'body', 'IssueComment'));
    return jsonReply(200, shapes.comment(c));
  });
  route(r, 'DELETE', `${R}/issues/comments/{comment_id}`, ['issues', 'pull_requests'], 'write', (ctx) => {
    fake.deleteComment(commentOr404(ctx).id);
    return reply(204);
  });

  // ---- check runs
  route(r, 'POST', `${R}/check-runs`, ['checks'], 'write', (ctx) => {
    const { output, annotations } = checkOutput(ctx.body['output']);
    const run = fake.createCheckRun({
      name: requireString(ctx.body, 'name', 'CheckRun'),
      headSha: requireString(ctx.body, 'head_sha', 'CheckRun'),
      status: checkStatus(optString(ctx.body, 'status')),
      conclusion: optString(ctx.body, 'conclusion'),
      detailsUrl: optString(ctx.body, 'details_url'),
      externalId: optString(ctx.body, 'external_id'),
      startedAt: timestamp(ctx.body['started_at']),
      completedAt: timestamp(ctx.body['completed_at']),
      output,
      annotationsCount: annotations,
    });
    return jsonReply(201, shapes.checkRun(run));
  });

  const checkOr404 = (ctx: RestContext) => {
    const c = fake.checkRun(num(ctx, 'check_run_id'));
    if (!c) throw new HttpAnswer(notFound());
    return c;
  };
  route(r, 'GET', `${R}/check-runs/{check_run_id}`, ['checks'], 'read', (ctx) => jsonReply(200, shapes.checkRun(checkOr404(ctx))));
  route(r, 'PATCH', `${R}/check-runs/{check_run_id}`, ['checks'], 'write', (ctx) => {
    const run = checkOr404(ctx);
    const { output, annotations } = checkOutput(ctx.body['output']);
    fake.updateCheckRun(run.id, {
      name: optString(ctx.body, 'name'),
      status: checkStatus(optString(ctx.body, 'status')),
      conclusion: optString(ctx.body, 'conclusion'),
      detailsUrl: optString(ctx.body, 'details_url'),
      externalId: optString(ctx.body, 'external_id'),
      completedAt: timestamp(ctx.body['completed_at']),
      output: output ? { ...run.output, ...output } : undefined,
      // Annotations of successive requests add up (GitHub appends them).
      annotationsCount: run.annotationsCount + annotations,
    });
    return jsonReply(200, shapes.checkRun(run));
  });

  route(r, 'GET', `${R}/commits/{ref}/check-runs`, ['checks'], 'read', (ctx) => {
    const sha = fake.resolve(ctx.params['ref'] ?? '');
    if (!sha) return validationFailed(`No commit found for SHA: ${ctx.params['ref']}`);
    const name = ctx.query.get('check_name');
    const status = ctx.query.get('status');
    const runs = fake
      .checkRuns(sha)
      .filter((c) => (!name || c.name === name) && (!status || c.status === status))
      .sort((a, b) => b.id - a.id);
    const page = paginate(runs, ctx.url);
    return jsonReply(200, { total_count: page.total, check_runs: page.items.map((c) => shapes.checkRun(c)) }, page.headers);
  });

  // ---- commits, compare, branches
  route(r, 'GET', `${R}/commits/{ref}`, ['contents'], 'read', (ctx) => {
    const sha = fake.resolve(ctx.params['ref'] ?? '');
    const c = sha ? fake.commit(sha) : undefined;
    if (!c) return validationFailed(`No commit found for SHA: ${ctx.params['ref']}`);
    return jsonReply(200, shapes.commit(c, true));
  });

  route(r, 'GET', `${R}/compare/{basehead+}`, ['contents'], 'read', (ctx) => {
    const [base, head] = (ctx.params['basehead'] ?? '').split('...');
    if (!base || !head) return notFound();
    const cmp = fake.compare(base, head);
    if (!cmp) return notFound();
    const page = paginate(cmp.ahead, ctx.url, { defaultPerPage: 250, maxPerPage: 250 });
    return jsonReply(
      200,
      {
        url: `${shapes.repoApi}/compare/${base}...${head}`,
        html_url: `${shapes.repoWeb}/compare/${base}...${head}`,
        permalink_url: `${shapes.repoWeb}/compare/${cmp.base.sha}...${cmp.head.sha}`,
        diff_url: `${shapes.repoWeb}/compare/${base}...${head}.diff`,
        patch_url: `${shapes.repoWeb}/compare/${base}...${head}.patch`,
        status: cmp.status,
        ahead_by: cmp.ahead.length,
        behind_by: cmp.behind.length,
        total_commits: cmp.ahead.length,
        base_commit: shapes.commit(cmp.base),
        merge_base_commit: cmp.mergeBase ? shapes.commit(cmp.mergeBase) : null,
        commits: page.items.map((c) => shapes.commit(c)),
        files: cmp.files.map((f) => shapes.file(f)),
      },
      page.headers,
    );
  });

  route(r, 'GET', `${R}/branches/{branch+}`, ['contents'], 'read', (ctx) => {
    const name = ctx.params['branch'] ?? '';
    const sha = fake.branchSha(name);
    const c = sha ? fake.commit(sha) : undefined;
    if (!sha) return notFound('Branch not found');
    return jsonReply(200, {
      name,
      commit: c ? shapes.commit(c) : { sha },
      protected: false,
      protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
      protection_url: `${shapes.repoApi}/branches/${name}/protection`,
      _links: { self: `${shapes.repoApi}/branches/${name}`, html: `${shapes.repoWeb}/tree/${name}` },
    });
  });

  // ---- git refs (POST /git/refs is an atomic claim: the second create of a ref gets 422)
  const refShape = (ref: string, sha: string) => ({
    ref,
    node_id: `REF_${Buffer.from(ref).toString('base64url')}`,
    url: `${shapes.repoApi}/git/${ref}`,
    object: { sha, type: 'commit', url: `${shapes.repoApi}/git/commits/${sha}` },
  });

  route(r, 'POST', `${R}/git/refs`, ['contents'], 'write', (ctx) => {
    const ref = requireString(ctx.body, 'ref', 'Reference');
    const sha = requireString(ctx.body, 'sha', 'Reference');
    if (!/^refs\/[^/]+\/.+/.test(ref) || /\.\.|[~^:?*[\\\s]|\/$|\.lock$/.test(ref)) {
      return validationFailed('Reference name is invalid');
    }
    if (!/^[0-9a-f]{40}$/.test(sha)) return validationFailed('Object does not exist');
    if (!fake.createRef(ref, sha)) return validationFailed('Reference already exists');
    return jsonReply(201, refShape(ref, sha), { location: `${shapes.repoApi}/git/${ref}` });
  });

  route(r, 'GET', `${R}/git/ref/{ref+}`, ['contents'], 'read', (ctx) => {
    const ref = `refs/${ctx.params['ref']}`;
    const sha = fake.ref(ref);
    return sha ? jsonReply(200, refShape(ref, sha)) : notFound();
  });

  const matching = (prefix: string) =>
    Object.entries(fake.refs())
      .filter(([ref]) => ref.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ref, sha]) => refShape(ref, sha));

  route(r, 'GET', `${R}/git/matching-refs/{ref+}`, ['contents'], 'read', (ctx) => jsonReply(200, matching(`refs/${ctx.params['ref']}`)));

  // No GET /git/refs/{ref}: the legacy form is not in GitHub's OpenAPI description; clients use
  // GET /git/ref/{ref} and /git/matching-refs/{ref}.

  route(r, 'PATCH', `${R}/git/refs/{ref+}`, ['contents'], 'write', (ctx) => {
    const ref = `refs/${ctx.params['ref']}`;
    const sha = requireString(ctx.body, 'sha', 'Reference');
    if (!fake.updateRef(ref, sha)) return validationFailed('Reference does not exist');
    return jsonReply(200, refShape(ref, sha));
  });

  route(r, 'DELETE', `${R}/git/refs/{ref+}`, ['contents'], 'write', (ctx) =>
    fake.deleteRef(`refs/${ctx.params['ref']}`) ? reply(204) : validationFailed('Reference does not exist'),
  );

  // ---- collaborators
  route(r, 'GET', `${R}/collaborators/{username}/permission`, ['metadata'], 'read', (ctx) => {
    const login = ctx.params['username'] ?? '';
    const permission = fake.permission(login);
    // The REST `permission` field folds maintain into write and triage into read; role_name keeps it.
    const folded = permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission;
    return jsonReply(200, { permission: folded, role_name: permission, user: { ...shapes.user(login), role_name: permission } });
  });

  route(r, 'GET', `${R}/collaborators/{username}`, ['metadata'], 'read', (ctx) =>
    fake.permission(ctx.params['username'] ?? '') === 'none' ? restError(404, 'Not Found') : reply(204),
  );
}

function checkStatus(s: string | undefined): 'queued' | 'in_progress' | 'completed' | undefined {
  if (s === undefined) return undefined;
  if (s === 'queued' || s === 'in_progress' || s === 'completed') return s;
  throw new HttpAnswer(validationFailed('Validation Failed', [{ resource: 'CheckRun', field: 'status', code: 'invalid' }]));
}

function timestamp(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** GitHub's per-request cap on check-run annotations; more need further PATCH requests. */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;

/**
 * The output object of a check-run request and its number of annotations. More than 50 annotations in
 * one request answer 422, as GitHub documents: "The Checks API limits the number of annotations to a
 * maximum of 50 per API request" (https://docs.github.com/en/rest/checks/runs#create-a-check-run).
 */
function checkOutput(raw: unknown): { output: CheckRunOutput | undefined; annotations: number } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { output: undefined, annotations: 0 };
  const { annotations, images: _images, ...rest } = raw as Record<string, unknown>;
  const count = Array.isArray(annotations) ? annotations.length : 0;
  if (count > MAX_ANNOTATIONS_PER_REQUEST) {
    throw new HttpAnswer(
      validationFailed(`Only ${MAX_ANNOTATIONS_PER_REQUEST} annotations are allowed per request; this one had ${count}. Send the rest in further PATCH requests.`, [
        { resource: 'CheckRun', field: 'output.annotations', code: 'invalid' },
      ]),
    );
  }
  const output: CheckRunOutput = {};
  for (const k of ['title', 'summary', 'text'] as const) if (typeof rest[k] === 'string') output[k] = rest[k];
  return { output, annotations: count };
}
