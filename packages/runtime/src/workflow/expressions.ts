// `${{ }}` evaluation with GitHub's expression engine (@actions/expressions): the contexts are plain JSON
// turned into the engine's data types; the status functions and hashFiles are supplied here, as the
// runner supplies them. https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { globSync } from 'tinyglobby';
import { parse as parseYaml } from 'yaml';
import { TokenKind } from './parser.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What the status functions see: https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#status-check-functions */
export interface StatusView {
  /** No earlier step (or needed job) failed or was cancelled/skipped. */
  success: boolean;
  /** An earlier step failed (or a needed job, transitively). */
  failure: boolean;
  /** The run was cancelled. */
  cancelled: boolean;
}

export interface ExprScope {
  contexts: Record<string, Json>;
  status?: StatusView;
  /** Workspace for hashFiles(); absent means hashFiles() answers ''. */
  workspace?: string;
}

const CONTEXT_NAMES = ['github', 'env', 'vars', 'secrets', 'inputs', 'job', 'jobs', 'steps', 'runner', 'needs', 'strategy', 'matrix'];

function functionsFor(scope: ExprScope): Map<string, FunctionDefinition> {
  const st = scope.status ?? { success: true, failure: false, cancelled: false };
  const bool = (v: boolean) => new data.BooleanData(v);
  const fns: FunctionDefinition[] = [
    { name: 'success', minArgs: 0, maxArgs: 0, call: () => bool(st.success && !st.cancelled) },
    { name: 'failure', minArgs: 0, maxArgs: 0, call: () => bool(st.failure && !st.cancelled) },
    { name: 'cancelled', minArgs: 0, maxArgs: 0, call: () => bool(st.cancelled) },
    { name: 'always', minArgs: 0, maxArgs: 0, call: () => bool(true) },
    { name: 'hashFiles', minArgs: 1, maxArgs: 255, call: (...args) => new data.StringData(hashFiles(scope.workspace, args.map((a) => a.coerceString()))) },
  ];
  return new Map(fns.map((f) => [f.name.toLowerCase(), f]));
}

/** hashFiles(): sha256 over the sha256 of each matching file, in path order; '' when nothing matches. */
function hashFiles(workspace: string | undefined, patterns: string[]): string {
  if (!workspace) return '';
  const files = new Set<string>();
  for (const p of patterns) for (const f of globSync(p, { cwd: workspace, onlyFiles: true, dot: true })) files.add(f);
  if (files.size === 0) return '';
  const outer = createHash('sha256');
  for (const f of [...files].sort()) {
    try {
      outer.update(createHash('sha256').update(readFileSync(join(workspace, f))).digest());
    } catch {
      // directories match globs too; hashFiles skips them
    }
  }
  return outer.digest('hex');
}

function toData(value: Json): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

export function toJson(d: data.ExpressionData): Json {
  return JSON.parse(JSON.stringify(d, data.replacer) ?? 'null') as Json;
}

/** Evaluates one expression (without `${{ }}`); throws an Error naming the expression when it is invalid. */
export function evaluate(expr: string, scope: ExprScope): data.ExpressionData {
  const fns = functionsFor(scope);
  try {
    const tokens = new Lexer(expr).lex().tokens;
    const ast = new Parser(tokens, CONTEXT_NAMES, [...fns.values()]).parse();
    const ctx = new data.Dictionary(...Object.entries(scope.contexts).map(([key, v]) => ({ key, value: toData(v) })));
    return new Evaluator(ast, ctx, fns).evaluate();
  } catch (err) {
    throw new Error(`cannot evaluate \${{ ${expr} }}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

export function evalBool(expr: string, scope: ExprScope): boolean {
  return truthy(evaluate(expr, scope));
}

export function evalString(expr: string, scope: ExprScope): string {
  return evaluate(expr, scope).coerceString();
}

/** A template token (literal, expression, mapping, sequence) as JSON, every expression evaluated. */
export function evalToken(token: TemplateToken | undefined, scope: ExprScope): Json {
  if (!token) return null;
  const t = token as unknown as { value?: unknown; expression?: string } & Iterable<unknown>;
  switch (token.templateTokenType) {
    case TokenKind.String:
    case TokenKind.Boolean:
    case TokenKind.Number:
      return t.value as Json;
    case TokenKind.Null:
      return null;
    case TokenKind.BasicExpression: {
      // A block scalar (| or >) with ${{ }} in it: the parser builds format() from the raw lines,
      // indentation included and without folding. The runner reads the YAML value first; so do we.
      const block = token as unknown as { blockScalarHeader?: string; source?: string };
      if (block.blockScalarHeader && block.source !== undefined) return evalTemplateString(blockScalarValue(block.blockScalarHeader, block.source), scope);
      return toJson(evaluate(t.expression ?? '', scope));
    }
    case TokenKind.Sequence:
      return [...(t as Iterable<TemplateToken>)].map((v) => evalToken(v, scope));
    case TokenKind.Mapping: {
      const out: Record<string, Json> = {};
      for (const pair of t as Iterable<{ key: TemplateToken; value: TemplateToken }>) out[String(evalToken(pair.key, scope))] = evalToken(pair.value, scope);
      return out;
    }
    default:
      throw new Error(`unsupported workflow token type ${token.templateTokenType} (an insert expression?)`);
  }
}

/** Expression values as the runner passes them to steps: strings; null is ''. */
export function asText(v: Json): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  return JSON.stringify(v, null, 2);
}

/** The value of a YAML block scalar given its header (|, >-, ...) and its raw, indented lines. */
function blockScalarValue(header: string, source: string): string {
  const doc = parseYaml(`v: ${header}\n${source}`) as { v?: unknown };
  return typeof doc.v === 'string' ? doc.v : source;
}

/** A string with `${{ }}` parts, e.g. an action.yml input default. */
export function evalTemplateString(text: string, scope: ExprScope): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => evalString(expr.trim(), scope));
}
