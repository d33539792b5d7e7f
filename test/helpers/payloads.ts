import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/** GitHub's published example payloads (@octokit/webhooks-examples); variants are derived from them. */
interface ExampleGroup {
  readonly name: string;
  readonly examples: ReadonlyArray<Record<string, unknown>>;
}

const require = createRequire(import.meta.url);
const groups = require('@octokit/webhooks-examples/api.github.com/index.json') as ExampleGroup[];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- webhook JSON is edited freely in tests

export function example(name: string, action?: string, pick: (e: Json) => boolean = () => true): Json {
  const group = groups.find((g) => g.name === name);
  const found = group?.examples.find((e) => (action === undefined || e['action'] === action) && pick(e as Json));
  if (!found) throw new Error(`no webhook example ${name}${action ? `.${action}` : ''}`);
  return structuredClone(found) as Json;
}

/** A 40-hex commit id derived from a short label (distinct labels give distinct ids). */
export function shaOf(label: string): string {
  return createHash('sha1').update(label).digest('hex');
}

const REPO = { full_name: 'octo-org/octo-repo', name: 'octo-repo' };

/** A branch push derived from the real push example, with the commit messages and time given. */
export function pushPayload(opts: { branch: string; sha: string; at: string; messages: string[]; author?: string; files?: { added?: string[]; modified?: string[] } }): Json {
  const p = example('push', undefined, (e) => e['ref'] === 'refs/heads/master' && Array.isArray(e['commits']) && e['commits'].length > 0);
  p['ref'] = `refs/heads/${opts.branch}`;
  p['after'] = shaOf(opts.sha);
  p['deleted'] = false;
  p['created'] = false;
  p['repository'] = { ...p['repository'], ...REPO, pushed_at: Math.floor(Date.parse(opts.at) / 1000) };
  const author = opts.author ?? 'agent-bot';
  p['sender'] = { ...p['sender'], login: author };
  p['pusher'] = { name: author, email: null };
  const template = p['commits'][0];
  p['commits'] = opts.messages.map((message, i) => ({
    ...template,
    id: shaOf(`${opts.sha}/${i}`),
    message,
    timestamp: opts.at,
    added: opts.files?.added ?? [],
    modified: opts.files?.modified ?? ['src/app.ts'],
    removed: [],
  }));
  p['head_commit'] = { ...p['commits'].at(-1), id: p['after'] };
  return p;
}

/** A pull_request event derived from the real example of that action. */
export function pullRequestPayload(action: string, opts: { number: number; branch: string; title: string; body?: string; author?: string; at: string; merged?: boolean; sha?: string }): Json {
  const source = action === 'edited' ? 'opened' : action === 'merged' ? 'closed' : action;
  const p = example('pull_request', source);
  p['action'] = action === 'merged' ? 'closed' : action;
  p['number'] = opts.number;
  const pr = p['pull_request'];
  pr['number'] = opts.number;
  pr['title'] = opts.title;
  pr['body'] = opts.body ?? '';
  pr['updated_at'] = opts.at;
  pr['user'] = { ...pr['user'], login: opts.author ?? 'agent-bot' };
  pr['head'] = { ...pr['head'], ref: opts.branch, sha: shaOf(opts.sha ?? `head${opts.number}`), repo: { ...pr['head']['repo'], ...REPO } };
  pr['base'] = { ...pr['base'], repo: { ...pr['base']['repo'], ...REPO } };
  if (p['action'] === 'closed') {
    pr['closed_at'] = opts.at;
    pr['merged'] = opts.merged ?? action === 'merged';
    pr['merged_at'] = pr['merged'] ? opts.at : null;
  }
  p['repository'] = { ...p['repository'], ...REPO };
  return p;
}

/** An issue_comment on a PR, derived from the real example. */
export function prCommentPayload(opts: { number: number; body: string; commenter: string; association: string; at: string; prAuthor?: string; commentId?: number }): Json {
  const p = example('issue_comment', 'created');
  p['issue'] = { ...p['issue'], number: opts.number, pull_request: { url: `https://api.github.com/repos/octo-org/octo-repo/pulls/${opts.number}` }, user: { ...p['issue']['user'], login: opts.prAuthor ?? 'agent-bot' } };
  p['comment'] = { ...p['comment'], id: opts.commentId ?? Date.parse(opts.at), body: opts.body, created_at: opts.at, updated_at: opts.at, author_association: opts.association, user: { ...p['comment']['user'], login: opts.commenter } };
  p['repository'] = { ...p['repository'], ...REPO };
  return p;
}

export function dispatchPayload(inputs: Record<string, string>): Json {
  const p = example('workflow_dispatch');
  p['inputs'] = inputs;
  p['repository'] = { ...p['repository'], ...REPO };
  return p;
}
