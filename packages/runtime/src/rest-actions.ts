// Actions REST routes: caches (list, delete by key/ref or id, usage), artifacts (list by name or run,
// zip redirect, delete), workflow runs and workflow dispatches.
import type { ArtifactRecord } from './artifact-service.js';
import type { CacheEntryRecord } from './cache-service.js';
import { HttpAnswer, jsonReply, reply } from './http.js';
import { paginate } from './pagination.js';
import { notFound, requireString, route, validationFailed, type RestContext, type RestDeps, type RestRouter } from './rest-api.js';

const R = '/repos/{owner}/{repo}';

function id(ctx: RestContext, name: string): number {
  const n = Number(ctx.params[name]);
  if (!Number.isInteger(n) || n <= 0) throw new HttpAnswer(notFound());
  return n;
}

const CACHE_SORT: Record<string, (e: CacheEntryRecord) => number> = {
  last_accessed_at: (e) => e.lastAccessedAt,
  created_at: (e) => e.createdAt,
  size_in_bytes: (e) => e.sizeBytes,
};

/** How often GitHub refreshes the cache usage figures. */
export const CACHE_USAGE_REFRESH_MS = 5 * 60 * 1000;

/**
 * GitHub documents no order for artifact listings
 * (https://docs.github.com/en/rest/actions/artifacts#list-artifacts-for-a-repository). It answers newest
 * first in practice, which is the default here; `oldest-first` lets a test prove it depends on no order.
 */
export type ArtifactOrder = 'newest-first' | 'oldest-first';
const ARTIFACT_ORDER: Record<ArtifactOrder, (a: ArtifactRecord, b: ArtifactRecord) => number> = {
  'newest-first': (a, b) => b.createdAt - a.createdAt || b.id - a.id,
  'oldest-first': (a, b) => a.createdAt - b.createdAt || a.id - b.id,
};

export function registerActionsRoutes(r: RestRouter, d: RestDeps): void {
  const { fake, shapes, caches, artifacts } = d;

  // ---- caches
  route(r, 'GET', `${R}/actions/caches`, ['actions'], 'read', async (ctx) => {
    await caches.sweep();
    const key = ctx.query.get('key');
    const ref = ctx.query.get('ref');
    const sortKey = CACHE_SORT[ctx.query.get('sort') ?? 'last_accessed_at'];
    if (!sortKey) return validationFailed('Validation Failed', [{ resource: 'Cache', field: 'sort', code: 'invalid' }]);
    const dir = ctx.query.get('direction') === 'asc' ? 1 : -1;
    const list = caches
      .entries()
      .filter((e) => (!key || e.key.startsWith(key)) && (!ref || e.scope === ref))
      .sort((a, b) => dir * (sortKey(a) - sortKey(b) || a.id - b.id));
    const page = paginate(list, ctx.url);
    return jsonReply(200, { total_count: page.total, actions_caches: page.items.map((e) => shapes.cache(e)) }, page.headers);
  });

  route(r, 'DELETE', `${R}/actions/caches`, ['actions'], 'write', async (ctx) => {
    const key = ctx.query.get('key');
    if (!key) return validationFailed('Validation Failed', [{ resource: 'Cache', field: 'key', code: 'missing_field' }]);
    const ref = ctx.query.get('ref');
    const gone = caches.entries().filter((e) => e.key === key && (!ref || e.scope === ref));
    if (gone.length === 0) return notFound('Not Found');
    await caches.remove(gone.map((e) => e.id));
    return jsonReply(200, { total_count: gone.length, actions_caches: gone.map((e) => shapes.cache(e)) });
  });

  route(r, 'DELETE', `${R}/actions/caches/{cache_id}`, ['actions'], 'write', async (ctx) => {
    const cacheId = id(ctx, 'cache_id');
    if (!caches.entries().some((e) => e.id === cacheId)) return notFound();
    await caches.remove([cacheId]);
    return reply(204);
  });

  // "The data fetched using this API is refreshed approximately every 5 minutes, so values returned from
  // this endpoint may take at least 5 minutes to get updated."
  // (https://docs.github.com/en/rest/actions/cache#get-github-actions-cache-usage-for-a-repository)
  let usage: { at: number; count: number; bytes: number } | undefined;
  route(r, 'GET', `${R}/actions/cache/usage`, ['actions'], 'read', async () => {
    if (!usage || d.now() - usage.at >= CACHE_USAGE_REFRESH_MS) {
      await caches.sweep();
      usage = { at: d.now(), ...caches.usage() };
    }
    return jsonReply(200, { full_name: fake.repo.fullName, active_caches_size_in_bytes: usage.bytes, active_caches_count: usage.count });
  });

  // ---- artifacts
  const artifactList = (ctx: RestContext, all: ArtifactRecord[]) => {
    const name = ctx.query.get('name');
    const page = paginate(all.filter((a) => !name || a.name === name).sort(ARTIFACT_ORDER[d.artifactOrder ?? 'newest-first']), ctx.url);
    return jsonReply(200, { total_count: page.total, artifacts: page.items.map((a) => shapes.artifact(a)) }, page.headers);
  };

  route(r, 'GET', `${R}/actions/artifacts`, ['actions'], 'read', async (ctx) => {
    await artifacts.sweep();
    return artifactList(ctx, artifacts.live());
  });

  route(r, 'GET', `${R}/actions/runs/{run_id}/artifacts`, ['actions'], 'read', async (ctx) => {
    await artifacts.sweep();
    const runId = id(ctx, 'run_id');
    return artifactList(ctx, artifacts.live().filter((a) => a.runId === runId));
  });

  const artifactOr404 = async (ctx: RestContext): Promise<ArtifactRecord> => {
    await artifacts.sweep();
    const a = artifacts.byId(id(ctx, 'artifact_id'));
    if (!a) throw new HttpAnswer(notFound());
    return a;
  };

  route(r, 'GET', `${R}/actions/artifacts/{artifact_id}`, ['actions'], 'read', async (ctx) => jsonReply(200, shapes.artifact(await artifactOr404(ctx))));

  route(r, 'GET', `${R}/actions/artifacts/{artifact_id}/{archive_format}`, ['actions'], 'read', async (ctx) => {
    if (ctx.params['archive_format'] !== 'zip') return notFound();
    const a = await artifactOr404(ctx);
    return reply(302, '', { location: artifacts.downloadUrl(a) });
  });

  route(r, 'DELETE', `${R}/actions/artifacts/{artifact_id}`, ['actions'], 'write', async (ctx) => {
    await artifacts.delete(await artifactOr404(ctx));
    return reply(204);
  });

  // ---- workflow runs
  const runList = (ctx: RestContext, workflow?: string) => {
    const q = ctx.query;
    const branch = q.get('branch');
    const event = q.get('event');
    const status = q.get('status');
    const actor = q.get('actor');
    const headSha = q.get('head_sha');
    const runs = fake
      .workflowRuns()
      .filter(
        (w) =>
          (!workflow || w.path === workflow || w.path.endsWith(`/${workflow}`)) &&
          (!branch || w.headBranch === branch) &&
          (!event || w.event === event) &&
          (!status || w.status === status || w.conclusion === status) &&
          (!actor || w.actor === actor) &&
          (!headSha || w.headSha === headSha),
      )
      .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
    const page = paginate(runs, ctx.url);
    return jsonReply(200, { total_count: page.total, workflow_runs: page.items.map((w) => shapes.workflowRun(w)) }, page.headers);
  };

  route(r, 'GET', `${R}/actions/runs`, ['actions'], 'read', (ctx) => runList(ctx));
  route(r, 'GET', `${R}/actions/workflows/{workflow_id}/runs`, ['actions'], 'read', (ctx) => runList(ctx, ctx.params['workflow_id']));

  route(r, 'GET', `${R}/actions/runs/{run_id}`, ['actions'], 'read', (ctx) => {
    const run = fake.workflowRun(id(ctx, 'run_id'));
    return run ? jsonReply(200, shapes.workflowRun(run)) : notFound();
  });

  // Dispatch is recorded, not executed: a harness reads github.dispatches() and runs what it wants.
  route(r, 'POST', `${R}/actions/workflows/{workflow_id}/dispatches`, ['actions'], 'write', (ctx) => {
    const workflow = ctx.params['workflow_id'] ?? '';
    const known = fake.workflows();
    if (known.length > 0 && !known.some((w) => w === workflow || w.endsWith(`/${workflow}`))) return notFound();
    const ref = requireString(ctx.body, 'ref', 'WorkflowDispatch');
    const branch = ref.replace(/^refs\/heads\//, '');
    if (!fake.resolve(branch) && !fake.ref(ref)) return validationFailed(`No ref found for: ${ref}`);
    const raw = ctx.body['inputs'];
    const inputs = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    if (Object.keys(inputs).length > 25) return validationFailed('you may only define up to 25 `inputs` for a `workflow_dispatch` event');
    fake.recordDispatch({ workflow, ref, inputs, by: ctx.grant?.login ?? 'anonymous' });
    return reply(204);
  });

  // repository_dispatch: starts the default branch's workflows that listen to its event_type.
  // https://docs.github.com/en/rest/repos/repos#create-a-repository-dispatch-event
  route(r, 'POST', `${R}/dispatches`, ['contents'], 'write', (ctx) => {
    const eventType = requireString(ctx.body, 'event_type', 'RepositoryDispatch');
    if (eventType.length > 100) return validationFailed('event_type is longer than 100 characters');
    const raw = ctx.body['client_payload'];
    const payload = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    if (Object.keys(payload).length > 10) return validationFailed('client_payload can have at most 10 top-level properties');
    fake.recordDispatch({ workflow: '', ref: `refs/heads/${fake.repo.defaultBranch}`, inputs: payload, eventType, by: ctx.grant?.login ?? 'anonymous' });
    return reply(204);
  });
}
