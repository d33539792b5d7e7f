/** Line-by-line reading for the line-oriented formats (lcov, unified diff). */
import { ReportError, type ReportFormat } from './errors.js';
import { readChunks, sourceName, type ReportSource } from './source.js';

export interface LineReadOptions {
  /**
   * Longest line accepted, in UTF-16 code units. A longer line means the file is not what it
   * claims (a minified bundle, binary data) and would otherwise be buffered without bound.
   */
  maxLineLength: number;
}

export interface PushParser {
  write(chunk: string): void;
  end(): void;
}

/** A push-style line splitter, for callers that decide per chunk what to do with the text. */
export function createLineSplitter(
  file: string,
  format: ReportFormat,
  options: LineReadOptions,
  onLine: (line: string, lineNo: number, unterminated: boolean) => void,
): PushParser & { readonly lineCount: number } {
  let carry = '';
  let lineNo = 0;
  const tooLong = (): ReportError =>
    new ReportError({
      file,
      format,
      line: lineNo + 1,
      problem: `line is longer than ${options.maxLineLength} characters`,
      fix: 'This is not a normal report line (binary or minified content?); check that the right file was passed.',
    });
  const emit = (line: string, unterminated = false): void => {
    lineNo += 1;
    onLine(line.endsWith('\r') ? line.slice(0, -1) : line, lineNo, unterminated);
  };
  return {
    get lineCount() {
      return lineNo;
    },
    write(chunk: string): void {
      let start = 0;
      let nl = chunk.indexOf('\n');
      if (nl >= 0 && carry.length > 0) {
        if (carry.length + nl > options.maxLineLength) throw tooLong();
        emit(carry + chunk.slice(0, nl));
        carry = '';
        start = nl + 1;
        nl = chunk.indexOf('\n', start);
      }
      while (nl >= 0) {
        if (nl - start > options.maxLineLength) throw tooLong();
        emit(chunk.slice(start, nl));
        start = nl + 1;
        nl = chunk.indexOf('\n', start);
      }
      carry += chunk.slice(start);
      if (carry.length > options.maxLineLength) throw tooLong();
    },
    end(): void {
      // A last line without a newline: a truncated file often ends this way.
      if (carry.length > 0) emit(carry, true);
      carry = '';
    },
  };
}

/**
 * Calls `onLine` for each line (without its `\n` or `\r\n`) with its 1-based number.
 * Memory is bounded by the chunk size plus one line of at most `maxLineLength`.
 */
export async function forEachLine(
  source: ReportSource,
  format: ReportFormat,
  options: LineReadOptions,
  onLine: (line: string, lineNo: number, unterminated: boolean) => void,
): Promise<number> {
  const splitter = createLineSplitter(sourceName(source), format, options, onLine);
  await readChunks(source, format, (chunk) => splitter.write(chunk));
  splitter.end();
  return splitter.lineCount;
}
