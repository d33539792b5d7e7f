import type { GitHubClient } from '../../adapters/github/client.js';
import type { RequestBudget } from './budget.js';
import type { HealthStatus } from './status.js';

/** Hidden marker in the alert issue's body: with the label, how the sweep recognises its issue. */
export const ALERT_MARKER = '<!-- auto-pr-sessions:health-alert -->';

export type AlertOutcome =
  | { readonly action: 'opened' | 'updated' | 'closed'; readonly number: number; readonly url: string }
  | { readonly action: 'none'; readonly number: number | null; readonly url: string | null }
  | { readonly action: 'failed'; readonly number: number | null; readonly url: string | null; readonly error: string };

export interface AlertArgs {
  readonly github: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly label: string;
  readonly status: HealthStatus;
  /** Issue title while unhealthy. */
  readonly title: string;
  /** Issue body (Markdown, untrusted text already escaped); the marker is added. */
  readonly body: string;
  /** Comment posted when the issue is closed. */
  readonly closingComment: string;
  readonly budget: RequestBudget;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * One alert issue for the repository, found by label and state open: opened when the sweep is
 * unhealthy and none is open, updated in place on every later sweep while one is open (unhealthy or
 * degraded), closed with a comment once the sweep is healthy. Never one per run or per day.
 */
export async function syncAlertIssue(a: AlertArgs): Promise<AlertOutcome> {
  const { github, owner, repo, budget } = a;
  if (!budget.allows(1)) {
    budget.skip('the alert issue');
    return { action: 'failed', number: null, url: null, error: 'request budget exhausted before the alert issue' };
  }
  let open: { number: number; html_url: string; body?: string | null } | undefined;
  try {
    const res = await github.rest.issues.listForRepo({ owner, repo, labels: a.label, state: 'open', sort: 'created', direction: 'asc', per_page: 30 });
    const issues = res.data.filter((i) => !i.pull_request);
    open = issues.find((i) => (i.body ?? '').includes(ALERT_MARKER)) ?? issues[0];
  } catch (err) {
    return { action: 'failed', number: null, url: null, error: `could not list issues labelled ${a.label}: ${message(err)}` };
  }
  const body = `${ALERT_MARKER}\n${a.body}`;
  try {
    if (a.status === 'unhealthy' && !open) {
      if (!budget.allows(1)) return { action: 'failed', number: null, url: null, error: 'request budget exhausted before opening the alert issue' };
      const res = await github.rest.issues.create({ owner, repo, title: a.title, body, labels: [a.label] });
      return { action: 'opened', number: res.data.number, url: res.data.html_url };
    }
    if (!open) return { action: 'none', number: null, url: null };
    if (a.status === 'healthy') {
      if (!budget.allows(2)) return { action: 'failed', number: open.number, url: open.html_url, error: 'request budget exhausted before closing the alert issue' };
      await github.rest.issues.createComment({ owner, repo, issue_number: open.number, body: a.closingComment });
      await github.rest.issues.update({ owner, repo, issue_number: open.number, state: 'closed', state_reason: 'completed', body });
      return { action: 'closed', number: open.number, url: open.html_url };
    }
    if (!budget.allows(1)) return { action: 'failed', number: open.number, url: open.html_url, error: 'request budget exhausted before updating the alert issue' };
    await github.rest.issues.update({ owner, repo, issue_number: open.number, title: a.title, body });
    return { action: 'updated', number: open.number, url: open.html_url };
  } catch (err) {
    const status = (err as { status?: number }).status;
    const hint = status === 403 ? ' (grant `issues: write`)' : '';
    return { action: 'failed', number: open?.number ?? null, url: open?.html_url ?? null, error: `alert issue: ${message(err)}${hint}` };
  }
}
