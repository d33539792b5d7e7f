// Loads GitHub's own workflow parser (@actions/workflow-parser, from actions/languageservices) and reads
// workflow files with it. The package imports its JSON schema without an import attribute, which only
// bundlers accept; Node refuses it. A one-line loader hook gives such imports `type: 'json'` before the
// package is imported (dynamically, so the hook is in place first).
import { register } from 'node:module';
import type * as WorkflowParser from '@actions/workflow-parser';
import type { WorkflowTemplate } from '@actions/workflow-parser';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';

type ParserLib = typeof WorkflowParser;

const JSON_IMPORT_HOOK = `export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.json') && url.includes('/@actions/') && !context.importAttributes?.type) {
    return next(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return next(url, context);
}`;

let lib: Promise<ParserLib> | undefined;

export function parserLib(): Promise<ParserLib> {
  if (!lib) {
    register(`data:text/javascript,${encodeURIComponent(JSON_IMPORT_HOOK)}`);
    lib = import('@actions/workflow-parser');
  }
  return lib;
}

/** A workflow file read by GitHub's parser: the converted model plus the raw tokens it drops. */
export interface LoadedWorkflow {
  /** File name, e.g. ci.yml. */
  readonly file: string;
  /** .github/workflows/<file>: what github.workflow_ref and the REST run records carry. */
  readonly path: string;
  /** `name:` or the path, as GitHub shows it. */
  readonly name: string;
  readonly template: WorkflowTemplate;
  /**
   * The parsed document. The converter keeps events, jobs, steps, env and concurrency but drops
   * `permissions`, `with`, `shell`, `working-directory`, `defaults` and `timeout-minutes`: read from here.
   */
  readonly root: MappingToken;
  /** Parser and converter errors; a workflow with errors starts no runs (GitHub fails it at once). */
  readonly errors: string[];
}

/** Token types of the parser (templates/tokens/types.js), which it does not export. */
export const TokenKind = { String: 0, Sequence: 1, Mapping: 2, BasicExpression: 3, InsertExpression: 4, Boolean: 5, Number: 6, Null: 7 } as const;

export function isMappingToken(t: TemplateToken | undefined): t is MappingToken {
  return t?.templateTokenType === TokenKind.Mapping;
}

/** The value of `key` in a mapping token (keys compared as written). */
export function findKey(map: TemplateToken | undefined, key: string): TemplateToken | undefined {
  return isMappingToken(map) ? map.find(key) : undefined;
}

export async function loadWorkflow(file: string, content: string): Promise<LoadedWorkflow> {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await parserLib();
  const path = `.github/workflows/${file}`;
  const parsed = parseWorkflow({ name: path, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  const root = parsed.value;
  if (!root || !isMappingToken(root)) {
    return { file, path, name: path, template: { events: {}, jobs: [], concurrency: undefined as never, env: undefined as never }, root: undefined as never, errors: errors.length ? errors : [`${path}: not a workflow (no mapping at the top)`] };
  }
  const template = await convertWorkflowTemplate(parsed.context, root);
  for (const e of template.errors ?? []) if (!errors.includes(e.Message)) errors.push(e.Message);
  const nameToken = root.find('name');
  const name = nameToken?.templateTokenType === TokenKind.String ? String((nameToken as unknown as { value: string }).value) : path;
  return { file, path, name, template, root, errors };
}
