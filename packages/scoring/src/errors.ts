/**
 * Errors raised for bad user input. Each carries what a person needs to act: which file, what is
 * wrong with it and what to do about it, so the CLI and the actions can print it verbatim.
 */

/** The report formats the parsers understand; used in messages ("pass it with --lcov"). */
export type ReportFormat = 'junit' | 'lcov' | 'istanbul' | 'cobertura' | 'sarif' | 'diff';

export interface ReportErrorDetails {
  /** Path (or stream name) of the offending input. */
  file: string;
  /** The format the caller asked for. */
  format: ReportFormat;
  /** What is wrong, in one sentence without a trailing period. */
  problem: string;
  /** What to do about it. */
  fix: string;
  /** 1-based line of the problem when known. */
  line?: number;
}

/** A report file that cannot be used: malformed, hostile, truncated or of another format. */
export class ReportError extends Error {
  readonly file: string;
  readonly format: ReportFormat;
  readonly problem: string;
  readonly fix: string;
  readonly line: number | undefined;

  constructor(details: ReportErrorDetails, options?: { cause?: unknown }) {
    const where = details.line === undefined ? details.file : `${details.file}:${details.line}`;
    super(`${where} (given as ${details.format}): ${details.problem}. ${details.fix}`, options);
    this.name = 'ReportError';
    this.file = details.file;
    this.format = details.format;
    this.problem = details.problem;
    this.fix = details.fix;
    this.line = details.line;
  }
}

export interface RubricErrorDetails {
  file: string;
  /** JSON-pointer-like path of the offending key, e.g. `/weights/tests`; empty for the whole file. */
  path: string;
  problem: string;
  fix: string;
  line?: number;
  column?: number;
}

/** A rubric file that does not parse or does not match the rubric schema. */
export class RubricError extends Error {
  readonly file: string;
  readonly path: string;
  readonly problem: string;
  readonly fix: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(details: RubricErrorDetails, options?: { cause?: unknown }) {
    const where = details.line === undefined ? details.file : `${details.file}:${details.line}:${details.column ?? 1}`;
    const at = details.path === '' ? '' : ` at ${details.path}`;
    super(`${where}${at}: ${details.problem}. ${details.fix}`, options);
    this.name = 'RubricError';
    this.file = details.file;
    this.path = details.path;
    this.problem = details.problem;
    this.fix = details.fix;
    this.line = details.line;
    this.column = details.column;
  }
}
