// GITHUB_TOKEN permissions from `permissions:` blocks, in the scopes the runtime enforces.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions
import type { PermissionLevel, RestPermission } from '../types.js';
import type { Json } from './expressions.js';

export type TokenPermissions = Record<RestPermission, PermissionLevel>;

/** The runtime's scopes, by their workflow spelling. GitHub has more (packages, pages, ...): ignored here. */
const SCOPES: Record<string, RestPermission> = {
  actions: 'actions',
  contents: 'contents',
  issues: 'issues',
  'pull-requests': 'pull_requests',
  checks: 'checks',
  metadata: 'metadata',
};

const all = (level: PermissionLevel): TokenPermissions => ({ actions: level, contents: level, issues: level, pull_requests: level, checks: level, metadata: 'read' });

/**
 * The repository's default when no block is set. "Restricted" (GitHub's default for repositories
 * created since February 2023) is contents and packages read; "permissive" is read and write on all.
 * https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token
 */
export function defaultPermissions(mode: 'restricted' | 'permissive'): TokenPermissions {
  return mode === 'permissive' ? all('write') : { ...all('none'), contents: 'read' };
}

/**
 * A `permissions:` value: `read-all`, `write-all`, `{}` or a map. Scopes a map leaves out get `none`
 * ("If you specify the access for any of these permissions, all of those that are not specified are
 * set to none"); metadata is always read. Throws on a level GitHub does not accept.
 */
export function permissionsFrom(block: Json, where: string): TokenPermissions {
  if (block === 'read-all') return all('read');
  if (block === 'write-all') return all('write');
  if (typeof block !== 'object' || block === null || Array.isArray(block)) throw new Error(`${where}: permissions must be read-all, write-all or a mapping, got ${JSON.stringify(block)}`);
  const out = all('none');
  for (const [scope, level] of Object.entries(block)) {
    if (level !== 'read' && level !== 'write' && level !== 'none') throw new Error(`${where}: permission ${scope} must be read, write or none, got ${JSON.stringify(level)}`);
    const s = SCOPES[scope];
    if (s && s !== 'metadata') out[s] = level;
  }
  return out;
}

/**
 * The job's token: the job's block replaces the workflow's ("you can ... define permissions for a
 * specific job", and a job-level block is not merged with the workflow's), the workflow's applies
 * otherwise, else the repository default. Fork pull requests get at most read.
 */
export function jobPermissions(
  workflowBlock: Json | undefined,
  jobBlock: Json | undefined,
  opts: { default: 'restricted' | 'permissive'; readOnly: boolean; where: string },
): TokenPermissions {
  const chosen = jobBlock !== undefined ? permissionsFrom(jobBlock, `${opts.where} (job permissions)`) : workflowBlock !== undefined ? permissionsFrom(workflowBlock, `${opts.where} (workflow permissions)`) : defaultPermissions(opts.default);
  if (!opts.readOnly) return chosen;
  const capped = { ...chosen };
  for (const k of Object.keys(capped) as RestPermission[]) if (capped[k] === 'write') capped[k] = 'read';
  return capped;
}
