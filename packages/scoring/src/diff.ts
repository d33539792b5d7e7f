/**
 * Unified diffs (`git diff`, `git show`, `diff -u`) and the GitHub compare / pull-files API JSON
 * (`files[].patch`). The format is detected from the first non-blank character, so one flag
 * takes both. Streams line by line; per file it keeps added line numbers and a bounded sample of
 * added text (the scorer's keyword heuristics read it).
 */
import { makeClassifier, type Classifier, type FileClass, type FileClassGlobs } from './classify.js';
import { ReportError } from './errors.js';
import { createJsonStreamer, isObject, type JsonValue } from './json-stream.js';
import { createLineSplitter, type PushParser } from './lines.js';
import { readChunks, sourceName, wrongFormat, type ReportSource } from './source.js';

export type DiffStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
}

export interface DiffFile {
  /** Path after the change (before it, for a deleted file). */
  path: string;
  /** Path before a rename or copy. */
  oldPath?: string;
  status: DiffStatus;
  kind: FileClass;
  binary: boolean;
  additions: number;
  deletions: number;
  hunks: DiffHunk[];
  /** New-side line numbers of added lines, ascending. */
  addedLines: number[];
  /** Added lines' text (each cut to 500 chars), while the whole diff's budget lasts. */
  addedText: string[];
  /** Compare API only: GitHub omitted the patch (large or binary file); counts come from JSON. */
  patchMissing?: boolean;
}

export interface ParsedDiff {
  files: DiffFile[];
  additions: number;
  deletions: number;
  /** True when the added-text budget ran out and some `addedText` is incomplete. */
  addedTextTruncated: boolean;
}

export interface DiffOptions {
  classes?: FileClassGlobs;
  /** Total characters of added text kept over all files (default 2 000 000). */
  maxAddedTextChars?: number;
  maxLineLength?: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const MAX_TEXT_LINE = 500;

/** Undoes git's C-style quoting of unusual paths: "a/\303\244 b.txt" → a/ä b.txt. */
export function unquoteGitPath(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"') || raw.length < 2) return raw;
  const body = raw.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
      continue;
    }
    const map: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
    bytes.push(map[next] ?? next.charCodeAt(0));
    i += 1;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Path from a `---`/`+++` line: unquoted, without the timestamp of plain `diff -u`. */
function headerPath(rest: string): string | undefined {
  let p = rest.startsWith('"') ? unquoteGitPath(rest.slice(0, rest.lastIndexOf('"') + 1)) : rest.split('\t')[0] ?? rest;
  p = p.trimEnd();
  if (p === '/dev/null') return undefined;
  return p;
}

function stripPrefix(p: string): string {
  return /^[abciwo12]\//.test(p) ? p.slice(2) : p;
}

/** Path from `diff --git a/x b/x`, for files with no ---/+++ lines (binary, pure rename, mode). */
function gitHeaderPath(rest: string): string {
  if (rest.startsWith('"')) {
    const m = /^("(?:[^"\\]|\\.)*")\s+(.*)$/.exec(rest);
    if (m !== null) return stripPrefix(headerPath(m[2] as string) ?? unquoteGitPath(m[1] as string));
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ' && stripPrefix(rest.slice(0, half)) === stripPrefix(rest.slice(half + 1))) {
    return stripPrefix(rest.slice(half + 1));
  }
  const b = rest.lastIndexOf(' b/');
  return b >= 0 ? rest.slice(b + 3) : rest;
}

class DiffBuilder {
  readonly files: DiffFile[] = [];
  private current: DiffFile | undefined;
  private oldLeft = 0;
  private newLeft = 0;
  private newLine = 0;
  private inBinaryPatch = false;
  private textBudget: number;
  textTruncated = false;

  constructor(
    private readonly classify: Classifier,
    maxAddedTextChars: number,
  ) {
    this.textBudget = maxAddedTextChars;
  }

  get inHunk(): boolean {
    return this.oldLeft > 0 || this.newLeft > 0;
  }

  startFile(path: string, status: DiffStatus, oldPath?: string): DiffFile {
    this.finishFile();
    const file: DiffFile = { path, status, kind: this.classify(path), binary: false, additions: 0, deletions: 0, hunks: [], addedLines: [], addedText: [] };
    if (oldPath !== undefined && oldPath !== path) file.oldPath = oldPath;
    this.current = file;
    this.oldLeft = 0;
    this.newLeft = 0;
    this.inBinaryPatch = false;
    return file;
  }

  get file(): DiffFile | undefined {
    return this.current;
  }

  /** Re-derives path-dependent fields once the final path is known (from +++ or rename to). */
  setPath(path: string): void {
    if (this.current === undefined) return;
    this.current.path = path;
    this.current.kind = this.classify(path);
  }

  finishFile(): void {
    if (this.current !== undefined) this.files.push(this.current);
    this.current = undefined;
  }

  startHunk(line: string): boolean {
    const m = HUNK.exec(line);
    if (m === null || this.current === undefined) return false;
    const hunk: DiffHunk = {
      oldStart: Number(m[1]),
      oldLines: m[2] === undefined ? 1 : Number(m[2]),
      newStart: Number(m[3]),
      newLines: m[4] === undefined ? 1 : Number(m[4]),
    };
    this.current.hunks.push(hunk);
    this.oldLeft = hunk.oldLines;
    this.newLeft = hunk.newLines;
    this.newLine = hunk.newStart;
    return true;
  }

  /** One line inside a hunk. */
  hunkLine(line: string): void {
    const file = this.current as DiffFile;
    const c = line.charCodeAt(0);
    if (c === 43 /* + */) {
      file.additions += 1;
      file.addedLines.push(this.newLine);
      this.keepText(file, line.slice(1));
      this.newLine += 1;
      this.newLeft -= 1;
    } else if (c === 45 /* - */) {
      file.deletions += 1;
      this.oldLeft -= 1;
    } else if (c === 92 /* \ No newline at end of file */) {
      // not a content line
    } else {
      // context (an empty line is a context line whose leading space was stripped by an editor)
      this.newLine += 1;
      this.newLeft -= 1;
      this.oldLeft -= 1;
    }
    if (this.oldLeft < 0) this.oldLeft = 0;
    if (this.newLeft < 0) this.newLeft = 0;
  }

  set binaryPatch(value: boolean) {
    this.inBinaryPatch = value;
  }

  get binaryPatch(): boolean {
    return this.inBinaryPatch;
  }

  private keepText(file: DiffFile, text: string): void {
    if (this.textBudget <= 0) {
      this.textTruncated = true;
      return;
    }
    const kept = text.length > MAX_TEXT_LINE ? text.slice(0, MAX_TEXT_LINE) : text;
    file.addedText.push(kept);
    this.textBudget -= kept.length + 1;
  }
}

function unifiedParser(file: string, builder: DiffBuilder, maxLineLength: number): PushParser & { sawFile(): boolean } {
  let sawAny = false;
  let prefix = '';
  let foreign = false;
  const splitter = createLineSplitter(file, 'diff', { maxLineLength }, (line, lineNo) => {
    if (prefix.length < 4096) prefix += `${line.slice(0, 4096)}\n`;
    if (foreign) {
      if (prefix.length >= 4096) throw wrongFormat(file, 'diff', prefix, 'a unified diff');
      return;
    }
    if (builder.inHunk) {
      builder.hunkLine(line);
      return;
    }
    if (line.startsWith('diff --git ')) {
      sawAny = true;
      builder.startFile(gitHeaderPath(line.slice(11)), 'modified');
      return;
    }
    const current = builder.file;
    if (current !== undefined && builder.binaryPatch) {
      if (line.startsWith('diff ')) builder.binaryPatch = false;
      else return;
    }
    if (line.startsWith('--- ') && (current === undefined || current.hunks.length > 0 || current.binary)) {
      // plain `diff -u` output: a new file starts without a `diff --git` line
      sawAny = true;
      const old = headerPath(line.slice(4));
      const f = builder.startFile(old === undefined ? '' : stripPrefix(old), old === undefined ? 'added' : 'modified');
      if (old !== undefined) f.oldPath = stripPrefix(old);
      return;
    }
    if (current === undefined) {
      // Text before the first file (commit message of `git show`, mail headers): ignored, but a
      // file of another format is told apart so the user hears which flag it belongs to.
      if (lineNo === 1 && /^(<\?xml|<testsuite|<coverage|\{|\[|TN:|SF:)/.test(line)) foreign = true;
      return;
    }
    if (line.startsWith('@@ ')) {
      if (!builder.startHunk(line)) throw new ReportError({ file, format: 'diff', line: lineNo, problem: `has a malformed hunk header "${line.slice(0, 80)}"`, fix: 'Regenerate the diff with `git diff`.' });
      return;
    }
    if (line.startsWith('--- ')) {
      const old = headerPath(line.slice(4));
      if (old === undefined) current.status = 'added';
      else if (current.oldPath === undefined && current.status !== 'renamed' && current.status !== 'copied') {
        const stripped = stripPrefix(old);
        if (stripped !== current.path) current.oldPath = stripped;
      }
      return;
    }
    if (line.startsWith('+++ ')) {
      const next = headerPath(line.slice(4));
      if (next === undefined) {
        current.status = 'deleted';
        if (current.oldPath !== undefined) {
          builder.setPath(current.oldPath);
          delete current.oldPath;
        }
      } else {
        builder.setPath(stripPrefix(next));
        if (current.oldPath === current.path) delete current.oldPath;
      }
      return;
    }
    if (line.startsWith('new file mode')) current.status = 'added';
    else if (line.startsWith('deleted file mode')) current.status = 'deleted';
    else if (line.startsWith('rename from ')) {
      current.status = 'renamed';
      current.oldPath = unquoteGitPath(line.slice(12));
    } else if (line.startsWith('rename to ')) builder.setPath(unquoteGitPath(line.slice(10)));
    else if (line.startsWith('copy from ')) {
      current.status = 'copied';
      current.oldPath = unquoteGitPath(line.slice(10));
    } else if (line.startsWith('copy to ')) builder.setPath(unquoteGitPath(line.slice(8)));
    else if (line.startsWith('Binary files ')) current.binary = true;
    else if (line === 'GIT binary patch') {
      current.binary = true;
      builder.binaryPatch = true;
    }
  });
  return {
    write: (chunk) => splitter.write(chunk),
    end: () => {
      splitter.end();
      if (foreign) throw wrongFormat(file, 'diff', prefix, 'a unified diff');
      builder.finishFile();
      if (!sawAny && prefix.trim() !== '') {
        throw new ReportError({
          file,
          format: 'diff',
          problem: 'contains no file changes (no "diff --git" or "---/+++" headers)',
          fix: 'Pass the output of `git diff BASE...HEAD` (or the compare API JSON); an empty file means "no changes".',
        });
      }
    },
    sawFile: () => sawAny,
  };
}

const API_STATUS: Record<string, DiffStatus> = { added: 'added', removed: 'deleted', modified: 'modified', changed: 'modified', renamed: 'renamed', copied: 'copied', unchanged: 'modified' };

function compareApiParser(file: string, builder: DiffBuilder, root: 'object' | 'array', maxLineLength: number, head: () => string): PushParser {
  // An object root must be a compare response: it has files[] (possibly empty) and ahead_by /
  // total_commits. Anything else (a SARIF log, a coverage file) is another format.
  let recognised = root === 'array';
  const streamer = createJsonStreamer(
    file,
    { format: 'diff', description: 'a GitHub compare or pull-files API response', root, paths: root === 'object' ? ['$.files.*', '$.ahead_by', '$.total_commits'] : ['$.*'] },
    (value: JsonValue, keys) => {
      recognised = true;
      if (keys[0] === 'ahead_by' || keys[0] === 'total_commits') return;
      if (!isObject(value) || typeof value['filename'] !== 'string') {
        throw new ReportError({ file, format: 'diff', problem: 'has a files[] entry without "filename"', fix: 'Pass the JSON of GET /repos/{o}/{r}/compare/{base}...{head} or GET /repos/{o}/{r}/pulls/{n}/files.' });
      }
      const status = API_STATUS[String(value['status'])] ?? 'modified';
      const prev = typeof value['previous_filename'] === 'string' ? value['previous_filename'] : undefined;
      const f = builder.startFile(value['filename'], status, prev);
      const patch = value['patch'];
      if (typeof patch !== 'string') {
        f.patchMissing = true;
        f.additions = typeof value['additions'] === 'number' ? value['additions'] : 0;
        f.deletions = typeof value['deletions'] === 'number' ? value['deletions'] : 0;
        return;
      }
      const lines = createLineSplitter(file, 'diff', { maxLineLength }, (line) => {
        if (builder.inHunk) builder.hunkLine(line);
        else if (line.startsWith('@@ ')) builder.startHunk(line);
      });
      lines.write(patch);
      lines.end();
    },
  );
  return {
    write: (chunk) => streamer.write(chunk),
    end: () => {
      streamer.end();
      if (!recognised) throw wrongFormat(file, 'diff', head(), 'a unified diff or a GitHub compare API response');
    },
  };
}

export async function parseDiff(source: ReportSource, options: DiffOptions = {}): Promise<ParsedDiff> {
  const file = sourceName(source);
  const builder = new DiffBuilder(makeClassifier(options.classes), options.maxAddedTextChars ?? 2_000_000);
  const maxLineLength = options.maxLineLength ?? 1024 * 1024;
  let parser: PushParser | undefined;
  let pending = '';
  let head = '';
  const getHead = (): string => head;
  await readChunks(source, 'diff', (chunk) => {
    if (head.length < 4096) head += chunk.slice(0, 4096 - head.length);
    if (parser === undefined) {
      pending += chunk;
      const first = pending.trimStart()[0];
      if (first === undefined) return;
      parser =
        first === '{'
          ? compareApiParser(file, builder, 'object', maxLineLength, getHead)
          : first === '['
            ? compareApiParser(file, builder, 'array', maxLineLength, getHead)
            : unifiedParser(file, builder, maxLineLength);
      chunk = pending;
      pending = '';
    }
    parser.write(chunk);
  });
  parser?.end();
  builder.finishFile();
  let additions = 0;
  let deletions = 0;
  for (const f of builder.files) {
    additions += f.additions;
    deletions += f.deletions;
  }
  return { files: builder.files, additions, deletions, addedTextTruncated: builder.textTruncated };
}
