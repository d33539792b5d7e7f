/**
 * Structured logging with trace context. Every line carries its operation, trace id and span id,
 * either readable (`[operation] message key=value …`) or as one JSON object per line. Secrets are
 * masked here as well as through `core.setSecret`, because JSON escaping or a local run (no
 * runner to mask) would otherwise let a token through.
 */
// the runner protocol of @actions/core without its import cost (see runner-commands.ts)
import * as core from './runner-commands.js';

/** Named apart from the scoring `Severity` (finding severities), which the same barrel exports. */
export type LogSeverity = 'debug' | 'info' | 'warn' | 'error';

export type LogValue = string | number | boolean | null | undefined;

export interface LogContext {
  [k: string]: LogValue;
}

/**
 * Context of an error line: `error` may be anything thrown, every other key a LogValue. Written as
 * a check over the argument's own keys because `LogContext & { error?: unknown }` cannot be met by
 * an object literal: the index signature constrains `error` as well.
 */
export type ErrorLogContext<C> = { [K in keyof C]: K extends 'error' ? unknown : LogValue };

export interface LogRecord {
  readonly timestamp: string;
  readonly severity: LogSeverity;
  readonly operation: string | null;
  readonly message: string;
  readonly traceId: string | null;
  readonly spanId: string | null;
  readonly context: LogContext;
  readonly error?: { readonly type: string; readonly message: string };
}

export interface Logger {
  debug(msg: string, ctx?: LogContext): void;
  info(msg: string, ctx?: LogContext): void;
  warn(msg: string, ctx?: LogContext): void;
  error<C extends { error?: unknown }>(msg: string, ctx?: C & ErrorLogContext<C>): void;
  /** A logger for a sub-operation: inherits sink, format, secrets and context; may set a new span. */
  child(op: { operation?: string; traceId?: string; spanId?: string; context?: LogContext }): Logger;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
}

export interface LogSink {
  /** The logger always passes the rendered line; a record is accepted for other producers. */
  write(line: LogRecord | string, severity: LogSeverity): void;
}

export interface LoggerOptions {
  sink?: LogSink;
  json?: boolean;
  operation?: string;
  traceId?: string;
  spanId?: string;
  now?: () => Date;
  secrets?: string[];
}

const MASK = '***';

// ---------------------------------------------------------------------------------------------
// Masking

/**
 * Secrets to mask, longest first so a secret that contains another is masked whole. Fields are
 * masked before rendering, so JSON escaping cannot hide a secret containing `"` or a newline.
 */
function secretForms(secrets: readonly string[]): string[] {
  // an empty secret would mask between every character
  return [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length);
}

function mask(text: string, forms: readonly string[]): string {
  let out = text;
  for (const f of forms) out = out.split(f).join(MASK);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rendering

function errorInfo(err: unknown): { type: string; message: string } {
  if (err instanceof Error) return { type: err.name || err.constructor.name, message: err.message };
  if (typeof err === 'string') return { type: 'string', message: err };
  try {
    return { type: typeof err, message: JSON.stringify(err) ?? String(err) };
  } catch {
    return { type: typeof err, message: '[unprintable]' }; // e.g. a circular object
  }
}

/** Bare when it is a simple word, JSON-quoted otherwise, so `key=value` pairs stay parseable. */
function readableValue(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
}

function renderReadable(r: LogRecord): string {
  const parts: string[] = [];
  if (r.operation) parts.push(`[${r.operation}]`);
  parts.push(r.message);
  for (const [k, v] of Object.entries(r.context)) if (v !== undefined) parts.push(`${k}=${readableValue(v)}`);
  if (r.error) parts.push(`error=${readableValue(`${r.error.type}: ${r.error.message}`)}`);
  if (r.traceId) parts.push(`traceId=${r.traceId}`);
  if (r.spanId) parts.push(`spanId=${r.spanId}`);
  return parts.join(' ');
}

function renderJson(r: LogRecord): string {
  return JSON.stringify(r);
}

function isLogValue(v: unknown): v is LogValue {
  return v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Types are erased at runtime: a value that is not a LogValue is kept as its text, not dropped. */
function asLogContext(bag: Readonly<Record<string, unknown>>): LogContext {
  const out: LogContext = {};
  for (const [k, v] of Object.entries(bag)) out[k] = isLogValue(v) ? v : errorInfo(v).message;
  return out;
}

/** Drops undefined values and masks string values, before rendering (JSON escapes otherwise). */
function cleanContext(ctx: LogContext, forms: readonly string[]): LogContext {
  const out: LogContext = {};
  for (const [k, v] of Object.entries(ctx)) {
    if (v === undefined) continue;
    // a JavaScript caller may pass an object despite the types: keep its text
    const value = isLogValue(v) ? v : errorInfo(v).message;
    out[mask(k, forms)] = typeof value === 'string' ? mask(value, forms) : value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Logger

interface State {
  readonly sink: LogSink;
  readonly json: boolean;
  readonly operation: string | undefined;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  readonly now: () => Date;
  readonly forms: readonly string[];
  readonly context: LogContext;
}

/**
 * Context may carry `traceId`/`spanId` from callers whose logger has none (a session's trace is
 * known only once the event is read); those fill the record's own fields instead of the context.
 */
function liftTrace(state: State, ctx: LogContext): { traceId: string | null; spanId: string | null; rest: LogContext } {
  const rest: LogContext = { ...ctx };
  const lift = (own: string | undefined, key: 'traceId' | 'spanId'): string | null => {
    if (own !== undefined) return own; // the logger's own id wins; a different one stays context
    const given = rest[key];
    if (typeof given !== 'string' || given === '') return null;
    delete rest[key];
    return given;
  };
  return { traceId: lift(state.traceId, 'traceId'), spanId: lift(state.spanId, 'spanId'), rest };
}

function buildRecord(state: State, severity: LogSeverity, msg: string, ctx: LogContext, err: unknown): LogRecord {
  const { traceId, spanId, rest } = liftTrace(state, { ...state.context, ...ctx });
  const record: LogRecord = {
    timestamp: state.now().toISOString(),
    severity,
    operation: state.operation === undefined ? null : mask(state.operation, state.forms),
    message: mask(msg, state.forms),
    traceId,
    spanId,
    context: cleanContext(rest, state.forms),
  };
  if (err === undefined) return record;
  const info = errorInfo(err);
  return { ...record, error: { type: mask(info.type, state.forms), message: mask(info.message, state.forms) } };
}

function emit(state: State, severity: LogSeverity, msg: string, ctx: LogContext = {}, err?: unknown): void {
  const record = buildRecord(state, severity, msg, ctx, err);
  const line = state.json ? renderJson(record) : renderReadable(record);
  // a second pass catches a secret split across fields or assembled by rendering
  state.sink.write(mask(line, state.forms), severity);
}

function makeLogger(state: State): Logger {
  return {
    traceId: state.traceId,
    spanId: state.spanId,
    debug: (msg, ctx) => emit(state, 'debug', msg, ctx),
    info: (msg, ctx) => emit(state, 'info', msg, ctx),
    warn: (msg, ctx) => emit(state, 'warn', msg, ctx),
    error: (msg, ctx) => {
      const { error: err, ...rest }: Readonly<Record<string, unknown>> = ctx ?? {};
      emit(state, 'error', msg, asLogContext(rest), err);
    },
    child: (op) =>
      makeLogger({
        ...state,
        operation: op.operation ?? state.operation,
        traceId: op.traceId ?? state.traceId,
        spanId: op.spanId ?? state.spanId,
        context: { ...state.context, ...op.context },
      }),
  };
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return makeLogger({
    sink: opts.sink ?? actionsSink(),
    json: opts.json ?? false,
    operation: opts.operation,
    traceId: opts.traceId,
    spanId: opts.spanId,
    now: opts.now ?? (() => new Date()),
    forms: secretForms(opts.secrets ?? []),
    context: {},
  });
}

// ---------------------------------------------------------------------------------------------
// Sinks

function lineText(line: LogRecord | string): string {
  return typeof line === 'string' ? line : renderJson(line);
}

/**
 * core.info writes raw to stdout, where the runner executes any line starting with `::` as a
 * workflow command. Logged text includes commit messages and branch names, so break that prefix.
 * (core.debug/warning/error escape their message themselves.)
 */
export function neutralizeCommands(text: string): string {
  return text.replace(/^(\s*)::/gm, '$1: :');
}

/** Writes through @actions/core: debug → core.debug, info → core.info, warn → core.warning, error → core.error. */
export function actionsSink(): LogSink {
  return {
    write(line, severity) {
      const text = lineText(line);
      if (severity === 'debug') core.debug(text);
      else if (severity === 'info') core.info(neutralizeCommands(text));
      else if (severity === 'warn') core.warning(text);
      else core.error(text);
    },
  };
}

/** Keeps every line in memory, for tests and in-process runs. */
export function memorySink(): LogSink & { records: Array<{ severity: LogSeverity; text: string }> } {
  const records: Array<{ severity: LogSeverity; text: string }> = [];
  return {
    records,
    write(line, severity) {
      records.push({ severity, text: lineText(line) });
    },
  };
}
