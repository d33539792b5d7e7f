import { createRequire } from 'node:module';
import { CONFIG_SCHEMA } from '../../packages/domain/src/config/config-schema.js';

// Generates packages/domain/src/config/validator.generated.ts: the schema compiled ahead of time by
// ajv's standalone code generator, so actions neither import ajv (~25 ms) nor compile the schema
// (~35 ms) on every cold start. schema.test.ts checks the committed file against a fresh run and
// rewrites it with UPDATE_SCHEMA=1.

interface AjvLike {
  compile(schema: object): unknown;
}
type AjvCtor = new (options: Record<string, unknown>) => AjvLike;

// The root node_modules holds eslint's ajv 6; resolve the ajv 8 that packages/core depends on.
const requireFromCore = createRequire(new URL('../../packages/core/package.json', import.meta.url));

/** The same options the runtime relies on: every error, with the value and schema on each. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true } as const;

export function newAjv(options: Record<string, unknown> = {}): AjvLike {
  const { Ajv } = requireFromCore('ajv') as { Ajv: AjvCtor };
  return new Ajv({ ...AJV_OPTIONS, ...options });
}

/** ajv's one runtime helper for this schema, inlined: the generated module must be plain ESM. */
const UCS2_REQUIRE = 'require("ajv/dist/runtime/ucs2length").default';
const UCS2_INLINE = '((s) => { let n = 0; for (const _ of s) n++; return n; })';

export function generateValidatorModule(): string {
  const standaloneCode = (requireFromCore('ajv/dist/standalone') as { default: (ajv: AjvLike, fn: unknown) => string }).default;
  const ajv = newAjv({ code: { source: true, esm: true, lines: true } });
  const code = standaloneCode(ajv, ajv.compile(CONFIG_SCHEMA)).replaceAll(UCS2_REQUIRE, UCS2_INLINE);
  if (/\brequire\(/u.test(code)) throw new Error('the generated validator needs a runtime require; inline it in codegen.ts');
  return [
    '/* eslint-disable */',
    '// @ts-nocheck',
    '// GENERATED from config-schema.ts by ajv standalone (test/config/codegen.ts). Do not edit: run',
    '// UPDATE_SCHEMA=1 npx vitest run test/config/schema.test.ts',
    code.replace(/^"use strict";\n?/u, ''),
    '',
  ].join('\n');
}
