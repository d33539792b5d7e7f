// Checks REST answers of the runtime against GitHub's published OpenAPI description (@octokit/openapi,
// api.github.com, OpenAPI 3.0): the status must be one the operation documents (or a 4xx with one of
// GitHub's error bodies), and a JSON body must match the schema of its status.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { RestAnswer } from '@auto-pr-sessions/runtime';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
}

const require = createRequire(import.meta.url);
let specCache: Spec | undefined;
const loadSpec = (): Spec => (specCache ??= JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as Spec);
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

/** The OpenAPI path template of a runtime route ({ref+} is the runtime's "rest of the path" parameter). */
function operationFor(route: string): { path: string; op: Operation } | undefined {
  const [method = '', template = ''] = route.split(' ');
  const shape = (p: string): string => p.replace(/\{[^}]+\}/g, '{}');
  const want = shape(template.replace(/\+\}/g, '}'));
  for (const [path, ops] of Object.entries(loadSpec().paths)) {
    const op = ops[method.toLowerCase()];
    if (op && shape(path) === want) return { path, op };
  }
  return undefined;
}

/**
 * OpenAPI 3.0 schema -> JSON Schema: `nullable: true` becomes a `null` type (or an anyOf with null when
 * the schema has no `type`, e.g. a nullable $ref or allOf).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) out[k] = k === 'example' || k === 'examples' ? v : toJsonSchema(v);
  if (nullable !== true) return out;
  if (typeof out['type'] === 'string') return { ...out, type: [out['type'], 'null'], ...(Array.isArray(out['enum']) ? { enum: [...(out['enum'] as unknown[]), null] } : {}) };
  return { anyOf: [out, { type: 'null' }] };
}

/** One Ajv over the whole description, so `#/components/...` references resolve. */
function validatorFactory(): (schema: unknown) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addSchema({ components: toJsonSchema((loadSpec() as unknown as { components: unknown }).components) } as object, 'api');
  const cache = new Map<string, ValidateFunction>();
  return (schema) => {
    const text = JSON.stringify(toJsonSchema(schema)).replace(/"#\/components\//g, '"api#/components/');
    let v = cache.get(text);
    if (!v) {
      v = ajv.compile(JSON.parse(text) as object);
      cache.set(text, v);
    }
    return v;
  };
}

let compileCache: ((schema: unknown) => ValidateFunction) | undefined;

/** Problems (empty when every answer conforms) and the routes seen. */
export function checkAnswers(answers: readonly RestAnswer[]): { problems: string[]; seen: Set<string> } {
  const compile = (compileCache ??= validatorFactory());
  const errorBody = compile({ anyOf: [{ $ref: '#/components/schemas/basic-error' }, { $ref: '#/components/schemas/validation-error' }] });
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const a of answers) {
    seen.add(a.route);
    const found = operationFor(a.route);
    if (!found) {
      if (a.route !== 'GET /rate_limit') problems.push(`${a.route}: no such operation in the OpenAPI description`);
      continue;
    }
    const response = found.op.responses[String(a.status)];
    if (!response) {
      // The description lists only some error statuses per operation; GitHub answers 401/403/404/422
      // everywhere. Those must still carry one of GitHub's error bodies. Any other status is drift.
      const isError = a.status >= 400 && a.status < 500;
      if (!isError) problems.push(`${a.route} answered ${a.status}, which the description does not list (${Object.keys(found.op.responses).join(', ')})`);
      else if (!errorBody(a.body)) problems.push(`${a.route} ${a.status}: the error body is neither basic-error nor validation-error: ${JSON.stringify(a.body)}`);
      continue;
    }
    const schema = response.content?.['application/json']?.schema;
    if (!schema || a.body === undefined) continue;
    const validate = compile(schema);
    if (!validate(a.body)) {
      const errs = (validate.errors ?? []).slice(0, 4).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
      problems.push(`${a.route} ${a.status} ${a.path}: ${errs.join('; ')}`);
    }
  }
  return { problems, seen };
}
