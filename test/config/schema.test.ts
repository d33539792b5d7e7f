import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, CONFIG_SCHEMA, configSchemaJson, parseConfig, TRIGGER_KEYS } from '../../packages/domain/src/config/index.js';
import { DEFAULT_CONFIG } from '../../packages/domain/src/config/defaults.js';
import { schemaErrors } from '../../packages/domain/src/config/schema.js';
import { generateValidatorModule, newAjv } from './codegen.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../packages/core/schema/config.schema.json', import.meta.url));
const EXAMPLE_FILE = fileURLToPath(new URL('../../packages/core/schema/example.auto-pr-sessions.yml', import.meta.url));

type JsonSchema = Record<string, unknown>;
const VALIDATOR_FILE = fileURLToPath(new URL('../../packages/domain/src/config/validator.generated.ts', import.meta.url));
const UPDATE = process.env['UPDATE_SCHEMA'] === '1';

/** Every property schema (and list item schema) with its path. */
function propertySchemas(schema: JsonSchema, path = ''): [string, JsonSchema][] {
  const out: [string, JsonSchema][] = [];
  const props = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  for (const [key, sub] of Object.entries(props)) {
    const p = path ? `${path}.${key}` : key;
    out.push([p, sub], ...propertySchemas(sub, p));
    const items = sub['items'] as JsonSchema | undefined;
    if (items) out.push([`${p}[]`, items]);
  }
  return out;
}

describe('the committed config.schema.json', () => {
  it('is exactly the schema the loader uses (regenerate with UPDATE_SCHEMA=1 npx vitest run test/config/schema.test.ts)', () => {
    if (UPDATE) writeFileSync(SCHEMA_FILE, configSchemaJson());
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(configSchemaJson());
  });

  it('compiles as draft-07 in a fresh strict ajv (what editors and other tools will load)', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as JsonSchema;
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    const validate = newAjv().compile(schema) as (data: unknown) => boolean;
    expect(validate({ version: 1 })).toBe(true);
    expect(validate({ version: 1, timeout_minute: 30 })).toBe(false);
  });
});

describe('the precompiled validator', () => {
  it('is what ajv generates from the current schema (same regeneration command)', () => {
    if (UPDATE) writeFileSync(VALIDATOR_FILE, generateValidatorModule());
    expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(generateValidatorModule());
  });

  it('reports the same errors as ajv compiling the schema at runtime', () => {
    const runtime = newAjv().compile(CONFIG_SCHEMA) as ((data: unknown) => boolean) & { errors?: unknown[] | null };
    const samples: unknown[] = [
      { version: 1 },
      [],
      'text',
      { version: 2, timeout_minute: 1, scope: 'x', timeout_minutes: '30', completion_markers: ['', 5, ' ', 'é'.repeat(101)] },
      { version: 1, auto_pr_patterns: 'x', triggers: { max_pushes: -1, extra: true }, complete_command: 'nope' },
      { version: 1, auto_pr_patterns: Array.from({ length: 60 }, () => 'a'), min_files_for_manual: 1.5, orphan_hours: null },
      { version: 1, completion_markers: ['🤖'.repeat(100)] }, // 100 code points (200 UTF-16 units): allowed
    ];
    for (const data of samples) {
      const ok = runtime(data);
      expect(schemaErrors(data), JSON.stringify(data)).toEqual(ok ? [] : runtime.errors);
    }
  });

  it('has a title and a description on the root and on every property and list item', () => {
    expect(CONFIG_SCHEMA.title).toBeTruthy();
    expect(CONFIG_SCHEMA.description).toBeTruthy();
    const all = propertySchemas(CONFIG_SCHEMA as unknown as JsonSchema);
    expect(all.length).toBeGreaterThan(20);
    for (const [path, sub] of all) {
      expect(typeof sub['title'], `${path} title`).toBe('string');
      expect(typeof sub['description'], `${path} description`).toBe('string');
    }
  });

  it('closes every object with additionalProperties: false', () => {
    const objects = [['(root)', CONFIG_SCHEMA as unknown as JsonSchema] as const, ...propertySchemas(CONFIG_SCHEMA as unknown as JsonSchema)].filter(
      ([, s]) => s['type'] === 'object',
    );
    expect(objects.map(([p]) => p)).toEqual(['(root)', 'triggers']);
    for (const [path, sub] of objects) expect(sub['additionalProperties'], path).toBe(false);
  });

  it('covers exactly the SessionConfig fields, with DEFAULT_CONFIG as the defaults', () => {
    expect([...CONFIG_KEYS].sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
    expect([...TRIGGER_KEYS].sort()).toEqual(Object.keys(DEFAULT_CONFIG.triggers).sort());
    const defaults = Object.fromEntries(Object.entries(CONFIG_SCHEMA.properties).map(([k, s]) => [k, s.default]));
    expect(defaults).toEqual(DEFAULT_CONFIG);
  });
});

describe('the example config', () => {
  const text = readFileSync(EXAMPLE_FILE, 'utf8');

  it('is valid, without warnings', () => {
    const result = parseConfig(text, EXAMPLE_FILE);
    expect(result.ok ? result.warnings : result.issues).toEqual([]);
  });

  it('points editors at the schema next to it', () => {
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./config.schema.json');
  });

  it('sets every key, so it documents the whole format', () => {
    const result = parseConfig(text, EXAMPLE_FILE);
    if (!result.ok) throw new Error('invalid example');
    for (const key of CONFIG_KEYS) expect(text, key).toMatch(new RegExp(`^${key}:`, 'mu'));
    for (const key of TRIGGER_KEYS) expect(text, key).toMatch(new RegExp(`^  ${key}:`, 'mu'));
  });
});
