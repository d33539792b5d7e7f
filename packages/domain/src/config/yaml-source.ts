import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type YAMLError,
} from 'yaml';
import { formatPath, type PathSegment } from './paths.js';
import { ROOT_PATH, truncate, type ConfigIssue } from './errors.js';

/** Larger config files are refused before parsing: a real one is a few hundred bytes. */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** Alias expansions allowed when building data (YAML's "billion laughs" defence). */
export const MAX_ALIAS_COUNT = 50;
/** Deepest nesting accepted; the schema needs 2. Bounds recursion in the parser and in toJS. */
export const MAX_NESTING = 32;
/** Keys that could reach an object's prototype in code that copies parsed data. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

type YamlNode = NonNullable<Document.Parsed['contents']>;

export interface Position {
  line: number;
  column: number;
}

/** Finds where a key path sits in the file, falling back to the nearest existing ancestor. */
export interface Locator {
  /** Position of the value at `segments`, or of its key when `key` is set. */
  at(segments: readonly PathSegment[], key?: boolean): Position | null;
}

export type YamlParse =
  | { kind: 'empty'; warnings: ConfigIssue[] }
  | { kind: 'data'; data: unknown; locator: Locator; issues: ConfigIssue[]; warnings: ConfigIssue[] }
  | { kind: 'failed'; issues: ConfigIssue[] };

const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  prettyErrors: false,
  uniqueKeys: true,
  strict: true,
  version: '1.2',
  // The YAML 1.2 core schema: no !!binary, !!set, !!timestamp, no `<<` merge keys, yes/no are text,
  // even when a `%YAML 1.1` directive asks otherwise.
  schema: 'core',
  merge: false,
  // yaml otherwise prints process warnings (e.g. for collection keys), which we report as issues.
  logLevel: 'silent',
};

/**
 * Parses config text defensively: size and nesting are bounded before yaml sees the text,
 * syntax errors, extra documents, dangerous or non-scalar keys, deep nesting and alias bombs become
 * issues with positions. Never throws for any input.
 */
export function parseYaml(text: string, file: string): YamlParse {
  const issueAt = (pos: Position | null, path: string, fields: IssueFields): ConfigIssue => ({
    file,
    line: pos?.line ?? null,
    column: pos?.column ?? null,
    path,
    ...fields,
  });

  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) return { kind: 'failed', issues: [tooLargeIssue(file, bytes)] };

  const deep = flowNestingOverflow(text);
  if (deep !== null) {
    return { kind: 'failed', issues: [issueAt(positionIn(text, deep), ROOT_PATH, tooDeep())] };
  }

  const lineCounter = new LineCounter();
  const toPos = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  let docs: Document.Parsed[];
  try {
    docs = [...parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter })];
  } catch (err) {
    // Not expected after the checks above; kept so that no input can surface a stack trace.
    return { kind: 'failed', issues: [issueAt(null, ROOT_PATH, unparsable(err))] };
  }
  const doc = docs[0];
  if (doc === undefined) return { kind: 'empty', warnings: [] };

  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  for (const d of docs) {
    for (const e of d.errors) issues.push(issueAt(toPos(e.pos[0]), formatPath(pathAtOffset(d.contents, e.pos[0])), yamlErrorFields(e, text)));
    for (const w of d.warnings) warnings.push(issueAt(toPos(w.pos[0]), formatPath(pathAtOffset(d.contents, w.pos[0])), yamlWarningFields(w)));
  }
  if (docs.length > 1) {
    issues.push(
      issueAt(toPos(docs[1]!.range[0]), ROOT_PATH, {
        message: 'the file holds more than one YAML document',
        expected: 'one document',
        found: `${docs.length} documents`,
        fix: 'remove the `---` separator and merge the documents into one',
      }),
    );
  }
  if (issues.length > 0) return { kind: 'failed', issues };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return { kind: 'empty', warnings };
  }

  const walk = inspectTree(doc.contents);
  for (const found of walk.found) {
    issues.push(issueAt(toPos(found.offset), formatPath(found.path), found.fields));
  }
  if (walk.fatal) return { kind: 'failed', issues };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const aliasBomb = err instanceof ReferenceError && /alias/iu.test(err.message);
    const pos = walk.firstAlias === null ? null : toPos(walk.firstAlias);
    issues.push(issueAt(pos, ROOT_PATH, aliasBomb ? aliasFields() : unparsable(err)));
    return { kind: 'failed', issues };
  }

  const contents = doc.contents;
  const locator: Locator = {
    at(segments, key = false) {
      const offset = offsetOf(doc, contents, segments, key);
      return offset === null ? null : toPos(offset);
    },
  };
  return { kind: 'data', data, locator, issues, warnings };
}

type IssueFields = Pick<ConfigIssue, 'message' | 'expected' | 'found' | 'fix'>;

/** The file is refused before parsing when it is larger than MAX_CONFIG_BYTES. */
export function tooLargeIssue(file: string, bytes: number): ConfigIssue {
  return {
    file,
    line: null,
    column: null,
    path: ROOT_PATH,
    message: 'the file is too large to be a configuration file',
    expected: `at most ${MAX_CONFIG_BYTES} bytes`,
    found: `${bytes} bytes`,
    fix: 'keep only the settings you change; a config file is normally a few lines',
  };
}

function tooDeep(): IssueFields {
  return {
    message: 'the document nests too deeply',
    expected: `at most ${MAX_NESTING} levels of nesting`,
    found: 'deeper nesting',
    fix: 'a config file needs two levels at most (triggers:); remove the nested lists or mappings',
  };
}

function aliasFields(): IssueFields {
  return {
    message: 'too many YAML alias expansions (a resource-exhaustion "billion laughs" document)',
    expected: `at most ${MAX_ALIAS_COUNT} alias uses`,
    found: 'more alias uses than that',
    fix: 'write the values out instead of repeating *aliases',
  };
}

function unparsable(err: unknown): IssueFields {
  const reason = err instanceof RangeError ? 'the document nests too deeply' : err instanceof Error ? err.message : String(err);
  return { message: `the YAML could not be read: ${reason}`, expected: 'a small YAML mapping', found: 'an unreadable document', fix: 'simplify the file' };
}

const YAML_FIXES: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'keep one of the two entries with this key and delete the other',
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  BAD_INDENT: 'align the indentation: keys of one mapping start in the same column',
  MISSING_CHAR: 'add the missing closing character (a quote or a bracket)',
  MULTILINE_IMPLICIT_KEY: 'keep each `key: value` on one line, or quote the value',
  BLOCK_AS_IMPLICIT_KEY: 'put a space after the colon of `key: value`',
  UNEXPECTED_TOKEN: 'check the syntax here; quote values that contain ": " or start with a special character',
  BAD_ALIAS: 'define the anchor (&name) before using the alias (*name)',
};

function yamlErrorFields(e: YAMLError, text: string): IssueFields {
  // The rest of the line from the error on: the token yaml stopped at, with enough context to spot.
  const snippet = (text.slice(e.pos[0], e.pos[0] + 80).split('\n')[0] ?? '').trimEnd();
  return {
    message: `YAML syntax error: ${firstLine(e.message)}`,
    expected: e.code === 'DUPLICATE_KEY' ? 'each key once' : 'valid YAML',
    found: snippet.trim() === '' ? 'the end of the line or file' : truncate(JSON.stringify(snippet), 50),
    fix: YAML_FIXES[e.code] ?? 'fix the YAML syntax at this position; quote values that contain special characters',
  };
}

function yamlWarningFields(w: YAMLError): IssueFields {
  const tag = w.code === 'TAG_RESOLVE_FAILED';
  return {
    message: `YAML warning: ${firstLine(w.message)}${tag ? '; the value is read as plain text' : ''}`,
    expected: tag ? 'no explicit tag' : 'plain YAML',
    found: w.code,
    fix: tag ? 'remove the tag (the part starting with !)' : 'see the YAML warning',
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/u, '');
}

/** Offset where `[`/`{` nesting first exceeds MAX_NESTING, or null. Quotes are ignored on purpose:
 *  over-counting only matters for a file with dozens of unbalanced brackets inside strings. */
function flowNestingOverflow(text: string): number | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return null;
}

function positionIn(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

interface TreeFinding {
  offset: number;
  path: PathSegment[];
  fields: IssueFields;
}

interface TreeReport {
  found: TreeFinding[];
  /** Nesting too deep: the data must not be built. */
  fatal: boolean;
  firstAlias: number | null;
}

/**
 * Iterative walk over the parsed tree (no recursion, so no stack overflow): reports forbidden and
 * non-scalar keys and removes them, so the rest of the file can still be validated; measures depth.
 */
function inspectTree(root: YamlNode): TreeReport {
  const report: TreeReport = { found: [], fatal: false, firstAlias: null };
  const stack: { node: unknown; path: PathSegment[] }[] = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (path.length > MAX_NESTING) {
      report.fatal = true;
      report.found.push({ offset: rangeStart(node), path: path.slice(0, 3), fields: tooDeep() });
      break;
    }
    if (isAlias(node)) {
      const start = rangeStart(node);
      if (report.firstAlias === null || start < report.firstAlias) report.firstAlias = start;
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
    } else if (isMap(node)) {
      node.items = node.items.filter((pair) => {
        const problem = keyProblem(pair.key);
        if (problem) {
          report.found.push({ offset: rangeStart(pair.key), path: [...path, keyText(pair.key)], fields: problem });
          return false;
        }
        stack.push({ node: pair.value, path: [...path, keyText(pair.key)] });
        return true;
      });
    }
  }
  return report;
}

function keyProblem(key: unknown): IssueFields | null {
  if (isScalar(key) && key.value !== null && typeof key.value !== 'object') {
    const name = String(key.value);
    if (!FORBIDDEN_KEYS.has(name)) return null;
    return {
      message: `the key "${name}" is not allowed (it could alter object prototypes)`,
      expected: 'a configuration key',
      found: JSON.stringify(name),
      fix: `delete the "${name}" key`,
    };
  }
  return {
    message: 'keys must be plain words',
    expected: 'a plain key such as timeout_minutes',
    found: isAlias(key) ? 'an alias used as a key' : 'a list, mapping or empty value used as a key',
    fix: 'replace this key with one of the documented key names',
  };
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : '(complex key)';
}

function rangeStart(node: unknown): number {
  const range = (node as { range?: readonly number[] } | null)?.range;
  return range?.[0] ?? 0;
}

/** Key path of the deepest node containing `offset` (for syntax errors and warnings). */
function pathAtOffset(root: unknown, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let node = root;
  for (let depth = 0; depth <= MAX_NESTING; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && rangeStart(p.key) <= offset && offset < rangeEnd(p.value ?? p.key));
      if (!pair) break;
      path.push(keyText(pair.key));
      node = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => rangeStart(item) <= offset && offset < rangeEnd(item));
      if (i < 0) break;
      path.push(i);
      node = node.items[i];
    } else {
      break;
    }
  }
  return path;
}

function rangeEnd(node: unknown): number {
  const range = (node as { range?: readonly number[] } | null)?.range;
  return range?.[2] ?? range?.[1] ?? -1;
}

/** Offset of the node at `segments` (or of its key), else of the deepest ancestor that exists. */
function offsetOf(doc: Document.Parsed, root: YamlNode, segments: readonly PathSegment[], key: boolean): number | null {
  let node: unknown = root;
  let offset: number | null = rangeStart(root);
  for (let i = 0; i < segments.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) return offset;
      if (last && key) return rangeStart(pair.key);
      // An empty value (`key:`) has no useful range of its own: point at the key.
      node = pair.value;
      offset = isScalar(node) && node.value === null ? rangeStart(pair.key) : rangeStart(node ?? pair.key);
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      node = node.items[seg];
      offset = rangeStart(node);
    } else {
      return offset;
    }
  }
  return offset;
}
