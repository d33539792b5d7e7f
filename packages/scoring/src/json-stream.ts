/**
 * Streaming JSON on top of @streamparser/json: only the values at the requested paths are
 * assembled (and dropped from their parents once handed over), so a 50 MB coverage-final.json or
 * SARIF log is processed one file entry / one result at a time.
 *
 * Guards, and why: nesting depth is capped (the token parser keeps one frame per level) and so
 * is the length of a single string (the tokenizer buffers a whole string token).
 */
import Tokenizer from '@streamparser/json/tokenizer.js';
import TokenParser from '@streamparser/json/tokenparser.js';
import TokenType from '@streamparser/json/utils/types/tokenType.js';
import type { ParsedTokenInfo } from '@streamparser/json/utils/types/parsedTokenInfo.js';
import type { ParsedElementInfo } from '@streamparser/json/utils/types/parsedElementInfo.js';
import { ReportError, type ReportFormat } from './errors.js';
import { readChunks, sourceName, wrongFormat, type ReportSource } from './source.js';

/** A JSON value as the parser produces it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface JsonLimits {
  maxDepth: number;
  maxStringChars: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 128, maxStringChars: 16 * 1024 * 1024 };

export interface JsonExpectation {
  format: ReportFormat;
  description: string;
  /** Selectors such as `$.runs.*.results.*` (see @streamparser/json). */
  paths: string[];
  /** Which top-level container is expected; checked on the first token. */
  root: 'object' | 'array' | 'any';
}

/** `keys` is the path from the root to the value, e.g. `['runs', 0, 'results', 3]`. */
/** `prefix()` returns the first 4 KiB of the text, to tell the user what the file looks like. */
export type JsonValueHandler = (value: JsonValue, keys: readonly (string | number)[], prefix: () => string) => void;

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function streamJson(
  source: ReportSource,
  expect: JsonExpectation,
  onValue: JsonValueHandler,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): Promise<void> {
  const streamer = createJsonStreamer(sourceName(source), expect, onValue, limits);
  await readChunks(source, expect.format, (chunk) => streamer.write(chunk));
  streamer.end();
}

/** Push-style JSON streaming, for callers that already read the text (see diff.ts). */
export function createJsonStreamer(
  file: string,
  expect: JsonExpectation,
  onValue: JsonValueHandler,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): { write(chunk: string): void; end(): void } {
  const format: ReportFormat = expect.format;
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: expect.paths, keepStack: false });
  let depth = 0;
  let first = true;
  let prefix = '';
  let sinceQuote = 0;
  const fail = (problem: string, fix: string): ReportError => new ReportError({ file, format, problem, fix });

  tokenizer.onToken = (info: ParsedTokenInfo): void => {
    if (first) {
      first = false;
      const isObj = info.token === TokenType.LEFT_BRACE;
      const isArr = info.token === TokenType.LEFT_BRACKET;
      if ((expect.root === 'object' && !isObj) || (expect.root === 'array' && !isArr) || (!isObj && !isArr)) {
        throw wrongFormat(file, format, prefix, expect.description);
      }
    }
    if (info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET) {
      depth += 1;
      if (depth > limits.maxDepth) {
        throw fail(
          `nests JSON more than ${limits.maxDepth} levels deep (at byte ${info.offset})`,
          `${expect.description} nests a few levels; this file is corrupt or hostile. Regenerate it with the tool.`,
        );
      }
    } else if (info.token === TokenType.RIGHT_BRACE || info.token === TokenType.RIGHT_BRACKET) {
      depth -= 1;
    }
    parser.write(info);
  };
  parser.onValue = (info: ParsedElementInfo): void => {
    // stack[0] is the root frame (no key); the others carry the key of each container.
    const keys: (string | number)[] = [];
    for (let i = 1; i < info.stack.length; i += 1) keys.push(info.stack[i]?.key as string | number);
    if (info.key !== undefined) keys.push(info.key);
    onValue(info.value as JsonValue, keys, () => prefix);
  };
  const malformed = (err: unknown): ReportError => {
    if (err instanceof ReportError) return err;
    if (first) return wrongFormat(file, format, prefix, expect.description);
    const message = err instanceof Error ? err.message : String(err);
    return fail(`is not valid JSON (${message})`, 'Regenerate the file with the tool; if it was copied or uploaded, check it is complete.');
  };
  tokenizer.onError = (err: Error): void => {
    throw malformed(err);
  };
  parser.onError = (err: Error): void => {
    throw malformed(err);
  };
  // The token parser ends itself after one top-level value; trailing garbage then errors.
  parser.onEnd = (): void => undefined;

  const write = (chunk: string): void => {
    if (prefix.length < 4096) prefix += chunk.slice(0, 4096 - prefix.length);
    const q = chunk.lastIndexOf('"');
    sinceQuote = q < 0 ? sinceQuote + chunk.length : chunk.length - q - 1;
    if (sinceQuote > limits.maxStringChars) {
      throw fail(
        `has a string (or run of data) longer than ${limits.maxStringChars} characters`,
        'Such a value would have to be buffered whole; check that the right file was passed.',
      );
    }
    try {
      tokenizer.write(chunk);
    } catch (err) {
      throw malformed(err);
    }
  };
  const end = (): void => {
    if (first) throw wrongFormat(file, format, prefix, expect.description);
    let endError: unknown;
    try {
      tokenizer.end();
    } catch (err) {
      // The tokenizer fails at the end when a token (string, number, literal) is cut short.
      if (err instanceof ReportError && !/not valid JSON/.test(err.problem)) throw err;
      endError = err;
    }
    if (endError !== undefined || depth !== 0 || !parser.isEnded) {
      throw fail('ends before the JSON is complete: the file is truncated', 'The tool was probably interrupted or the upload cut short; rerun it and pass the complete file.');
    }
  };
  return { write, end };
}
