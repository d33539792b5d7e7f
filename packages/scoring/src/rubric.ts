/** Loading a rubric from YAML: parse safely, validate against the schema, merge over defaults. */
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document } from 'yaml';
import { RubricError } from './errors.js';
import { DEFAULT_RUBRIC } from './rubric-default.js';
import { RUBRIC_SCHEMA } from './rubric-schema.js';
import type { Rubric, RubricInput } from './rubric-types.js';

/** A rubric is a few hundred bytes; a huge one is a mistake or an attack. */
const MAX_RUBRIC_BYTES = 256 * 1024;

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(RUBRIC_SCHEMA);
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

function schemaAt(segments: readonly string[]): Record<string, unknown> | undefined {
  let node: Record<string, unknown> | undefined = RUBRIC_SCHEMA;
  for (const s of segments) {
    const props = node?.['properties'] as Record<string, Record<string, unknown>> | undefined;
    node = props?.[s];
  }
  return node;
}

function position(doc: Document, counter: LineCounter, segments: readonly string[], key?: string): { line: number; col: number } | undefined {
  // Walk to the deepest existing node; point at the key when the problem is the key itself.
  let node: unknown = doc.contents;
  let range: readonly number[] | null | undefined = (node as { range?: number[] } | null)?.range;
  const path = key === undefined ? segments : [...segments, key];
  for (const seg of path) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
    if (pair === undefined) break;
    const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
    node = pair.value;
    range = seg === key ? keyRange : ((node as { range?: number[] } | null)?.range ?? keyRange);
  }
  if (range === undefined || range === null || range[0] === undefined) return undefined;
  return counter.linePos(range[0]);
}

function describe(err: ErrorObject, segments: readonly string[]): { problem: string; fix: string; key?: string } {
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys((schemaAt(segments)?.['properties'] as Record<string, unknown> | undefined) ?? {});
      const near = allowed.map((a) => [a, distance(a, key)] as const).sort((x, y) => x[1] - y[1])[0];
      const hint = near !== undefined && near[1] <= 3 ? `did you mean "${near[0]}"? ` : '';
      return { key, problem: `unknown key "${key}"`, fix: `${hint}Allowed keys here: ${allowed.join(', ')}.` };
    }
    case 'type':
      return { problem: `must be ${String(params['type'])}`, fix: `Write a ${String(params['type'])} here.` };
    case 'const':
      return { problem: `must be ${JSON.stringify(params['allowedValue'])}`, fix: `Write ${JSON.stringify(params['allowedValue'])}.` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    {
      const bound = `${String(params['comparison'])} ${String(params['limit'])}`;
      const why =
        params['limit'] === 0 && err.keyword === 'maximum'
          ? 'Penalties, severity points and caps are negative or 0'
          : params['limit'] === 0
            ? 'Weights, points and thresholds are positive or 0'
            : 'The value is out of range';
      return { problem: `must be ${bound}`, fix: `${why}: write a number ${bound}.` };
    }
    default:
      return { problem: err.message ?? 'is invalid', fix: 'See packages/core/schema/rubric.schema.json for what is allowed here.' };
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge: objects merge key by key, everything else (arrays included) replaces. */
function merge<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge((base as Record<string, unknown>)[k], v);
  return out as T;
}

/** Completes a partial rubric with the defaults (no validation: for rubrics built in code). */
export function resolveRubric(input: RubricInput = {}): Rubric {
  return merge(structuredClone(DEFAULT_RUBRIC), input);
}

export function parseRubric(text: string, file: string): Rubric {
  if (Buffer.byteLength(text, 'utf8') > MAX_RUBRIC_BYTES) {
    throw new RubricError({ file, path: '', problem: `is larger than ${MAX_RUBRIC_BYTES / 1024} KiB`, fix: 'A rubric is a short YAML file; check that the right file was passed.' });
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, schema: 'core', merge: false, prettyErrors: false, logLevel: 'silent' });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const pos = yamlError.linePos?.[0] ?? counter.linePos(yamlError.pos[0]);
    throw new RubricError({
      file,
      path: '',
      problem: `is not valid YAML (${yamlError.message.split('\n')[0] ?? yamlError.code})`,
      fix: 'Fix the YAML syntax at this position (indentation, a missing colon, a duplicate key).',
      ...(pos === undefined ? {} : { line: pos.line, column: pos.col }),
    });
  }
  let data: unknown;
  try {
    // Aliases are capped: an alias bomb ("billion laughs" in YAML) would otherwise explode here.
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    throw new RubricError({ file, path: '', problem: `cannot be read (${err instanceof Error ? err.message : String(err)})`, fix: 'Avoid YAML aliases in a rubric; write the values out.' }, { cause: err });
  }
  if (data === null || data === undefined) return resolveRubric();
  if (!isPlainObject(data)) {
    throw new RubricError({ file, path: '', line: 1, column: 1, problem: 'must be a mapping of keys (weights:, penalties:, …)', fix: 'Start from the default rubric printed by `auto-pr-sessions score --print-rubric`.' });
  }
  const errors = validate(data);
  const first = errors[0];
  if (first !== undefined) {
    const segments = first.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const { problem, fix, key } = describe(first, segments);
    const pos = position(doc, counter, segments, key);
    const path = `/${[...segments, ...(key === undefined ? [] : [key])].join('/')}`;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
    throw new RubricError({ file, path, problem: `${problem}${more}`, fix, ...(pos === undefined ? {} : { line: pos.line, column: pos.col }) });
  }
  const rubric = resolveRubric(data as RubricInput);
  if (rubric.decision.block_below > rubric.decision.approve_above) {
    const pos = position(doc, counter, ['decision', 'block_below']);
    throw new RubricError({
      file,
      path: '/decision/block_below',
      problem: `block_below (${rubric.decision.block_below}) is above approve_above (${rubric.decision.approve_above})`,
      fix: 'The BLOCK band must lie below the APPROVE band: make block_below ≤ approve_above.',
      ...(pos === undefined ? {} : { line: pos.line, column: pos.col }),
    });
  }
  return rubric;
}
