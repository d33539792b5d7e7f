// Which workflows an event starts: `on:` events, activity types, branch/tag/path filters and
// workflow_dispatch inputs. https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
import type { EventsConfig, InputConfig } from '@actions/workflow-parser/model/workflow-template';
import type { Json } from './expressions.js';

/** An event as the runner sees it (the payload is what GITHUB_EVENT_PATH holds). */
export interface TriggerEvent {
  name: string;
  /** Activity type (payload.action), e.g. opened. */
  action?: string;
  /** Full ref the event is about: refs/heads/x, refs/tags/v1; for pull_request the base branch ref. */
  filterRef?: string;
  /** Files changed by the push or pull request, for paths filters; undefined skips the paths filters. */
  changedFiles?: string[];
  /** Workflow name of a workflow_run event. */
  workflowName?: string;
}

/**
 * Default activity types where GitHub documents some: "By default, a workflow only runs when a
 * pull_request event's activity type is opened, synchronize, or reopened."
 * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#pull_request
 */
const DEFAULT_TYPES: Record<string, string[]> = {
  pull_request: ['opened', 'synchronize', 'reopened'],
  pull_request_target: ['opened', 'synchronize', 'reopened'],
};

/**
 * GitHub's filter patterns: `*` any characters but `/`, `**` any characters, `?` zero or one of the
 * preceding character, `+` one or more of it, `[...]` one character of a set or range; a leading `!`
 * negates. https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#filter-pattern-cheat-sheet
 */
export function filterPatternRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?' || c === '+') re += c;
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += pattern.slice(i, end + 1);
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Patterns evaluated in order, later ones overriding earlier ones; `!` patterns exclude. */
export function matchesPatterns(value: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    if (filterPatternRegex(negated ? p.slice(1) : p).test(value)) matched = !negated;
  }
  return matched;
}

function includeExclude(value: string, include: string[] | undefined, ignore: string[] | undefined): boolean {
  if (include) return matchesPatterns(value, include);
  if (ignore) return !matchesPatterns(value, ignore);
  return true;
}

/** Whether the workflow's `on:` starts a run for this event. */
export function triggers(events: EventsConfig, ev: TriggerEvent): boolean {
  if (!(ev.name in events)) return false;
  const cfg = (events[ev.name] ?? {}) as {
    types?: string[];
    branches?: string[];
    'branches-ignore'?: string[];
    tags?: string[];
    'tags-ignore'?: string[];
    paths?: string[];
    'paths-ignore'?: string[];
    workflows?: string[];
  };
  const types = cfg.types ?? DEFAULT_TYPES[ev.name];
  if (types && ev.action !== undefined && !types.includes(ev.action)) return false;
  if (cfg.workflows && (ev.workflowName === undefined || !matchesPatterns(ev.workflowName, cfg.workflows))) return false;
  const ref = ev.filterRef;
  if (ref !== undefined && (ev.name === 'push' || ev.name.startsWith('pull_request') || ev.name === 'workflow_run')) {
    const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
    const tag = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
    const branchFilter = cfg.branches !== undefined || cfg['branches-ignore'] !== undefined;
    const tagFilter = cfg.tags !== undefined || cfg['tags-ignore'] !== undefined;
    // "If you define only tags/tags-ignore or only branches/branches-ignore, the workflow won't run for
    // events affecting the undefined Git ref." (workflow-syntax#onpushbranchestagsbranches-ignoretags-ignore)
    if (branch !== undefined) {
      if (tagFilter && !branchFilter) return false;
      if (!includeExclude(branch, cfg.branches, cfg['branches-ignore'])) return false;
    } else if (tag !== undefined) {
      if (branchFilter && !tagFilter) return false;
      if (!includeExclude(tag, cfg.tags, cfg['tags-ignore'])) return false;
    }
  }
  if (ev.changedFiles && (cfg.paths || cfg['paths-ignore'])) {
    // paths: run when at least one file matches; paths-ignore: run unless every file is ignored.
    if (cfg.paths && !ev.changedFiles.some((f) => matchesPatterns(f, cfg.paths ?? []))) return false;
    if (cfg['paths-ignore'] && ev.changedFiles.every((f) => matchesPatterns(f, cfg['paths-ignore'] ?? []))) return false;
  }
  return true;
}

/**
 * workflow_dispatch inputs as the run sees them: defaults filled in, booleans as booleans, required
 * inputs and choice options checked. Throws an Error saying which input is wrong.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onworkflow_dispatchinputs
 */
export function dispatchInputs(events: EventsConfig, given: Record<string, unknown>, where: string): Record<string, Json> {
  const defs = (events.workflow_dispatch?.inputs ?? {}) as Record<string, InputConfig>;
  const out: Record<string, Json> = {};
  for (const name of Object.keys(given)) {
    if (!(name in defs)) throw new Error(`${where}: unexpected input '${name}' (declared: ${Object.keys(defs).join(', ') || 'none'})`);
  }
  for (const [name, def] of Object.entries(defs)) {
    const raw = given[name];
    const value = raw === undefined || raw === null ? def.default : raw;
    if ((value === undefined || value === '') && def.required) throw new Error(`${where}: required input '${name}' not provided`);
    if (def.type === 'boolean') out[name] = value === true || value === 'true';
    else if (def.type === 'choice') {
      const s = value === undefined ? '' : String(value);
      if (s !== '' && def.options && !def.options.includes(s)) throw new Error(`${where}: input '${name}' must be one of ${def.options.join(', ')}, got '${s}'`);
      out[name] = s;
    } else if (typeof value === 'number') out[name] = value;
    else out[name] = value === undefined ? '' : String(value);
  }
  return out;
}
