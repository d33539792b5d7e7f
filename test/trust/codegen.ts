import { STATE_SCHEMA } from '../../packages/core/src/adapters/store/state-schema.js';
import { newAjv } from '../config/codegen.js';
import { createRequire } from 'node:module';

// Generates packages/core/src/adapters/store/state-validator.generated.ts: the stored-state schema
// compiled ahead of time by ajv's standalone generator, like the config validator, so loading state
// costs no ajv import and no schema compile at action start. state-schema.test.ts checks the
// committed file against a fresh run and rewrites it with UPDATE_SCHEMA=1.

const requireFromCore = createRequire(new URL('../../packages/core/package.json', import.meta.url));
const UCS2_REQUIRE = 'require("ajv/dist/runtime/ucs2length").default';
const UCS2_INLINE = '((s) => { let n = 0; for (const _ of s) n++; return n; })';

export function generateStateValidatorModule(): string {
  type AjvLike = ReturnType<typeof newAjv>;
  const standaloneCode = (requireFromCore('ajv/dist/standalone') as { default: (ajv: AjvLike, fn: unknown) => string }).default;
  // allErrors as for the config: the first-error-only code nests so deep that tsc's flow analysis overflows its stack
  const ajv = newAjv({ verbose: false, code: { source: true, esm: true, lines: true } });
  const code = standaloneCode(ajv, ajv.compile(STATE_SCHEMA)).replaceAll(UCS2_REQUIRE, UCS2_INLINE);
  if (/\brequire\(/u.test(code)) throw new Error('the generated validator needs a runtime require; inline it in codegen.ts');
  return [
    '/* eslint-disable */',
    '// @ts-nocheck',
    '// GENERATED from state-schema.ts by ajv standalone (test/trust/codegen.ts). Do not edit: run',
    '// UPDATE_SCHEMA=1 npx vitest run test/trust/state-schema.test.ts',
    code.replace(/^"use strict";\n?/u, ''),
    '',
  ].join('\n');
}
