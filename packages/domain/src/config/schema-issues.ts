import type { ErrorObject } from 'ajv';
import { CONFIG_KEYS, TRIGGER_KEYS } from './config-schema.js';
import { describeValue, truncate, type ConfigIssue } from './errors.js';
import { formatPath, pointerSegments, type PathSegment } from './paths.js';
import { closestKey } from './suggest.js';
import type { Locator } from './yaml-source.js';

type IssueFields = Pick<ConfigIssue, 'message' | 'expected' | 'found' | 'fix'>;

/** The parts of a property schema that messages are built from (see config-schema.ts). */
interface PropertySchema {
  type?: 'integer' | 'boolean' | 'string' | 'array' | 'object';
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  enum?: readonly string[];
  default?: unknown;
}

/** When one value breaks several rules, the first of these is the one worth reporting. */
const KEYWORD_PRIORITY = ['type', 'const', 'enum', 'required', 'additionalProperties', 'minLength', 'pattern'];

/** Turns ajv errors into issues with a position, the key path, what was expected and found, and a fix. */
export function schemaIssues(errors: readonly ErrorObject[], data: unknown, file: string, locator: Locator): ConfigIssue[] {
  const byPath = new Map<string, { rank: number; issue: ConfigIssue }>();
  for (const error of errors) {
    const parent = pointerSegments(error.instancePath, data);
    const { segments, key, fields } = describeError(error, parent);
    const pos = locator.at(segments, key);
    const path = formatPath(segments);
    const known = KEYWORD_PRIORITY.indexOf(error.keyword);
    const rank = known === -1 ? KEYWORD_PRIORITY.length : known;
    const previous = byPath.get(path);
    if (previous && previous.rank <= rank) continue;
    byPath.set(path, { rank, issue: { file, line: pos?.line ?? null, column: pos?.column ?? null, path, ...fields } });
  }
  return [...byPath.values()].map((entry) => entry.issue);
}

function describeError(error: ErrorObject, parent: PathSegment[]): { segments: PathSegment[]; key: boolean; fields: IssueFields } {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const name = String(params['additionalProperty']);
    return { segments: [...parent, name], key: true, fields: unknownKey(parent, name) };
  }
  if (error.keyword === 'required') {
    const name = String(params['missingProperty']);
    return { segments: [...parent, name], key: false, fields: missingKey(name) };
  }
  const schema = (error.parentSchema ?? {}) as PropertySchema;
  return { segments: parent, key: false, fields: valueFields(error, schema, parent) };
}

function unknownKey(parent: PathSegment[], name: string): IssueFields {
  const atRoot = parent.length === 0;
  const valid = atRoot ? CONFIG_KEYS : TRIGGER_KEYS;
  const elsewhere = atRoot ? TRIGGER_KEYS : CONFIG_KEYS;
  const guess = closestKey(name, valid);
  let fix: string;
  if (name === '<<') fix = 'YAML merge keys are not supported; write the keys out';
  else if (guess) fix = `did you mean "${guess}"? Rename the key to ${guess}`;
  else if (elsewhere.includes(name)) fix = atRoot ? `move ${name} under triggers:` : `move ${name} to the top level (it is not a trigger)`;
  else fix = `delete the key; valid keys are listed in config.schema.json`;
  return {
    message: `unknown key "${truncate(name, 40)}"`,
    expected: `one of the keys ${atRoot ? 'at the top level' : 'under triggers'}: ${valid.join(', ')}`,
    found: truncate(JSON.stringify(name), 40),
    fix,
  };
}

function missingKey(name: string): IssueFields {
  return {
    message: `the required key "${name}" is missing`,
    expected: name === 'version' ? 'version: 1' : `a ${name} key`,
    found: 'no such key',
    fix: name === 'version' ? 'add the line "version: 1" at the top of the file' : `add ${name}`,
  };
}

function valueFields(error: ErrorObject, schema: PropertySchema, segments: PathSegment[]): IssueFields {
  const value: unknown = error.data;
  const found = describeValue(value);
  const last = segments.at(-1);
  const name = typeof last === 'string' ? last : 'the entry';
  switch (error.keyword) {
    case 'type': {
      const fix = segments.length === 0 ? 'write the settings as "key: value" lines, starting with version: 1' : typeFix(name, typeof last === 'number', schema, value);
      return { message: `must be ${typeWord(schema)}`, expected: expectedOf(schema), found, fix };
    }
    case 'const':
      return {
        message: 'unsupported config format version',
        expected: 'version: 1',
        found,
        fix: typeof value === 'string' && value.trim() === '1' ? 'write version: 1 without quotes' : 'set version: 1 (the only format this release reads)',
      };
    case 'enum': {
      const options = schema.enum ?? [];
      const guess = typeof value === 'string' ? closestKey(value, options) : null;
      return {
        message: 'is not one of the allowed values',
        expected: `one of: ${options.join(', ')}`,
        found,
        fix: guess ? `did you mean ${guess}? Write ${name}: ${guess}` : `write one of: ${options.join(', ')}`,
      };
    }
    case 'minimum':
    case 'maximum': {
      const range = rangeText(schema);
      const off = schema.minimum === 0 ? '; 0 turns it off' : '';
      return { message: `is out of range`, expected: `an integer ${range}`, found, fix: `use a value ${range}${off} (default ${String(schema.default)})` };
    }
    case 'minLength':
      return { message: 'is empty', expected: 'a non-empty text', found, fix: 'delete the empty entry or write a value' };
    case 'maxLength':
      return {
        message: 'is too long',
        expected: `at most ${String(schema.maxLength)} characters`,
        found: typeof value === 'string' ? `${value.length} characters` : found,
        fix: 'shorten it',
      };
    case 'maxItems':
      return {
        message: 'has too many entries',
        expected: `at most ${String(schema.maxItems)} entries`,
        found,
        fix: 'keep the entries you need; a few general patterns cover more than many specific ones',
      };
    case 'pattern':
      return patternFields(name, schema, value, found);
    default:
      return { message: error.message ?? error.keyword, expected: JSON.stringify(error.params), found, fix: 'see config.schema.json for this key' };
  }
}

function patternFields(name: string, schema: PropertySchema, value: unknown, found: string): IssueFields {
  if (name === 'complete_command') {
    const word = typeof value === 'string' ? value.trim().replace(/^\/+/u, '').replace(/[^A-Za-z0-9_-]+/gu, '-').replace(/^-+|-+$/gu, '') : '';
    return {
      message: 'is not a slash command',
      expected: '"/" followed by letters, digits, "-" or "_" (at most 64), e.g. /complete-session',
      found,
      fix: word ? `write complete_command: /${word.slice(0, 64)}` : `write complete_command: ${String(schema.default ?? '/complete-session')}`,
    };
  }
  return { message: 'is blank', expected: 'a word, phrase or token', found, fix: 'delete the blank entry' };
}

function typeWord(schema: PropertySchema): string {
  return schema.type === 'integer' ? 'a whole number' : expectedOf(schema);
}

function expectedOf(schema: PropertySchema): string {
  switch (schema.type) {
    case 'integer':
      return `an integer ${rangeText(schema)}`.trim();
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'text';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping of keys to values';
    default:
      return 'a different value';
  }
}

function rangeText(schema: PropertySchema): string {
  const { minimum: min, maximum: max } = schema;
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `of at least ${min}`;
  if (max !== undefined) return `of at most ${max}`;
  return '';
}

const TRUE_WORDS = /^(?:true|yes|y|on)$/iu;
const FALSE_WORDS = /^(?:false|no|n|off)$/iu;

function typeFix(name: string, isItem: boolean, schema: PropertySchema, value: unknown): string {
  const target = isItem ? 'the entry' : name;
  const write = (v: string): string => (isItem ? `- ${v}` : `${name}: ${v}`);
  if (value === null && !isItem) return `give ${name} a value, or delete the line to keep the default`;
  switch (schema.type) {
    case 'integer':
      if (typeof value === 'string' && /^\s*-?\d+\s*$/u.test(value)) return `remove the quotes: ${write(value.trim())}`;
      if (typeof value === 'number' && Number.isFinite(value)) return `use a whole number: ${write(String(Math.round(value)))}`;
      return `write a whole number ${rangeText(schema)}, e.g. ${write(String(schema.default))}`;
    case 'boolean':
      if (typeof value === 'string' && TRUE_WORDS.test(value.trim())) return `write ${write('true')} (without quotes; YAML 1.2 reads "${value}" as text)`;
      if (typeof value === 'string' && FALSE_WORDS.test(value.trim())) return `write ${write('false')} (without quotes; YAML 1.2 reads "${value}" as text)`;
      return `write ${write('true')} or ${write('false')}`;
    case 'string':
      if (typeof value === 'number' || typeof value === 'boolean') return `quote it: ${write(JSON.stringify(String(value)))}`;
      return `write ${target} as text in quotes`;
    case 'array':
      if (typeof value === 'string') return `make it a list: ${write(`[${JSON.stringify(value)}]`)} (a list replaces the defaults)`;
      return `write a list, one "- entry" per line under ${name}:`;
    case 'object':
      return `write ${name}: with indented keys below it, e.g. ${name}: { max_pushes: 10 }`;
    default:
      return `see the description of ${name} in config.schema.json`;
  }
}
