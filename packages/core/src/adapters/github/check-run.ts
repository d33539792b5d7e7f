/**
 * A completed check run with annotations. GitHub takes at most 50 annotations per request: the
 * first 50 go with the create, the rest in batches of 50 through updates (which append).
 */
import type { GitHubClient } from './client.js';

export const ANNOTATIONS_PER_REQUEST = 50;
/** Upper bound on annotations sent (bounded REST budget); the summary says when more existed. */
export const MAX_ANNOTATIONS = 500;
const MAX_TEXT = 65_000;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckRunSpec {
  readonly owner: string;
  readonly repo: string;
  readonly name: string;
  readonly headSha: string;
  readonly conclusion: 'success' | 'neutral' | 'failure';
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
  readonly annotations: readonly CheckAnnotation[];
  readonly externalId?: string;
  readonly detailsUrl?: string;
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function publishCheckRun(github: GitHubClient, spec: CheckRunSpec): Promise<{ id: number; url: string; requests: number; annotations: number }> {
  const cut = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}\n… (truncated)` : s);
  const sent = spec.annotations.slice(0, MAX_ANNOTATIONS);
  const [first = [], ...rest] = batches(sent, ANNOTATIONS_PER_REQUEST);
  const output = { title: spec.title.slice(0, 1000), summary: cut(spec.summary), ...(spec.text ? { text: cut(spec.text) } : {}) };
  const now = new Date().toISOString();
  const created = await github.rest.checks.create({
    owner: spec.owner,
    repo: spec.repo,
    name: spec.name,
    head_sha: spec.headSha,
    status: 'completed',
    conclusion: spec.conclusion,
    started_at: now,
    completed_at: now,
    ...(spec.externalId ? { external_id: spec.externalId } : {}),
    ...(spec.detailsUrl ? { details_url: spec.detailsUrl } : {}),
    output: { ...output, annotations: first },
  });
  let requests = 1;
  for (const batch of rest) {
    await github.rest.checks.update({ owner: spec.owner, repo: spec.repo, check_run_id: created.data.id, output: { title: output.title, summary: output.summary, annotations: batch } });
    requests += 1;
  }
  return { id: created.data.id, url: created.data.html_url ?? '', requests, annotations: sent.length };
}
