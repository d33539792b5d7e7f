import { afterEach, describe, expect, it, vi } from 'vitest';
import { actionsSink, createLogger, memorySink, neutralizeCommands, traceIdForSession } from '@auto-pr-sessions/core';
import type { LogRecord } from '@auto-pr-sessions/core';

const FIXED = new Date('2025-11-20T01:03:00.000Z');
const now = (): Date => FIXED;
const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
const TRACE = traceIdForSession('b-auto-pr-1-20251120T010300Z');
const SPAN = 'b7ad6b7169203331';

function jsonLines(sink: ReturnType<typeof memorySink>): LogRecord[] {
  return sink.records.map((r) => JSON.parse(r.text) as LogRecord);
}

describe('readable lines', () => {
  it('are `[operation] message key=value ...` with the trace at the end', () => {
    const sink = memorySink();
    const log = createLogger({ sink, operation: 'session-start', traceId: TRACE, spanId: SPAN, now });
    log.info('recorded push', { stream: 'b-auto-pr-1', pushes: 3, due: false, none: null, skipped: undefined, why: 'idle for 31 min' });
    expect(sink.records).toEqual([
      { severity: 'info', text: `[session-start] recorded push stream=b-auto-pr-1 pushes=3 due=false none=null why="idle for 31 min" traceId=${TRACE} spanId=${SPAN}` },
    ]);
  });

  it('carry each severity to the sink', () => {
    const sink = memorySink();
    const log = createLogger({ sink, now });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e', { error: new TypeError('boom') });
    expect(sink.records.map((r) => r.severity)).toEqual(['debug', 'info', 'warn', 'error']);
    expect(sink.records[3]?.text).toBe('e error="TypeError: boom"');
  });

  it('quote values so a hostile value cannot fake another key or line', () => {
    const sink = memorySink();
    createLogger({ sink, now }).info('x', { branch: 'a b=c\n::error::pwned' });
    expect(sink.records[0]?.text).toBe('x branch="a b=c\\n::error::pwned"');
    expect(sink.records[0]?.text).not.toContain('\n');
  });
});

describe('JSON lines', () => {
  it('hold message, operation, traceId, spanId, severity, UTC timestamp and context', () => {
    const sink = memorySink();
    const log = createLogger({ sink, json: true, operation: 'session-check', traceId: TRACE, spanId: SPAN, now });
    log.warn('idle warning', { idleMinutes: 16, stream: 'b-x' });
    expect(sink.records[0]?.text).not.toContain('\n');
    expect(jsonLines(sink)).toEqual([
      { timestamp: '2025-11-20T01:03:00.000Z', severity: 'warn', operation: 'session-check', message: 'idle warning', traceId: TRACE, spanId: SPAN, context: { idleMinutes: 16, stream: 'b-x' } },
    ]);
  });

  it('include error {type, message} for errors and non-errors', () => {
    const sink = memorySink();
    const log = createLogger({ sink, json: true, now });
    log.error('failed', { error: new RangeError('out of range'), step: 'save' });
    log.error('failed', { error: 'plain text' });
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    log.error('failed', { error: circular });
    log.error('no error given');
    const [a, b, c, d] = jsonLines(sink);
    expect(a?.error).toEqual({ type: 'RangeError', message: 'out of range' });
    expect(a?.context).toEqual({ step: 'save' });
    expect(b?.error).toEqual({ type: 'string', message: 'plain text' });
    expect(c?.error).toEqual({ type: 'object', message: '[unprintable]' });
    expect(d && 'error' in d).toBe(false);
  });

  it('use null ids when no trace is known, and lift a traceId passed as context', () => {
    const sink = memorySink();
    const log = createLogger({ sink, json: true, now });
    log.info('before the session is known');
    log.info('recorded', { traceId: TRACE, written: 'a b' });
    const [a, b] = jsonLines(sink);
    expect(a).toMatchObject({ traceId: null, spanId: null, operation: null });
    expect(b).toMatchObject({ traceId: TRACE, context: { written: 'a b' } });
  });

  it('keep a logger’s own trace id over one in the context (which stays context)', () => {
    const sink = memorySink();
    const other = traceIdForSession('another');
    createLogger({ sink, json: true, traceId: TRACE, now }).info('about another session', { traceId: other });
    expect(jsonLines(sink)[0]).toMatchObject({ traceId: TRACE, context: { traceId: other } });
  });

  it('timestamps are UTC instants', () => {
    const sink = memorySink();
    createLogger({ sink, json: true }).info('x');
    expect(jsonLines(sink)[0]?.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

describe('types', () => {
  it('error() takes anything as `error` but only plain values elsewhere; objects sneaked in are kept as text', () => {
    const sink = memorySink();
    const log = createLogger({ sink, json: true, now });
    log.error('typed', { error: new Error('x'), attempt: 2 });
    // @ts-expect-error -- only `error` may hold an object
    log.error('untyped', { error: 1, detail: { nested: true } });
    // @ts-expect-error -- other severities take no error object
    log.warn('untyped', { error: new Error('y') });
    const [, b, c] = jsonLines(sink);
    expect(b?.context).toEqual({ detail: '{"nested":true}' });
    expect(c?.context).toEqual({ error: 'y' });
  });
});

describe('child loggers', () => {
  it('inherit sink, format, secrets and context; override operation and span', () => {
    const sink = memorySink();
    const parent = createLogger({ sink, json: true, operation: 'compute-reward', traceId: TRACE, spanId: SPAN, now, secrets: [TOKEN] });
    const child = parent.child({ operation: 'score', spanId: 'aaaaaaaaaaaaaaaa', context: { sessionId: 's-1' } });
    expect(child.traceId).toBe(TRACE);
    expect(child.spanId).toBe('aaaaaaaaaaaaaaaa');
    expect(parent.spanId).toBe(SPAN);
    child.info(`token ${TOKEN}`, { files: 2 });
    parent.info('parent line');
    const [c, p] = jsonLines(sink);
    expect(c).toMatchObject({ operation: 'score', traceId: TRACE, spanId: 'aaaaaaaaaaaaaaaa', message: 'token ***', context: { sessionId: 's-1', files: 2 } });
    expect(p).toMatchObject({ operation: 'compute-reward', spanId: SPAN, context: {} });
  });

  it('a child can start a new trace (a batch run scoring several sessions)', () => {
    const sink = memorySink();
    const other = traceIdForSession('s-2');
    createLogger({ sink, operation: 'batch', now }).child({ traceId: other }).info('scoring');
    expect(sink.records[0]?.text).toBe(`[batch] scoring traceId=${other}`);
  });
});

describe('secrets are never logged', () => {
  const hostileSecret = 'p"a\\ss\nword';

  it.each([false, true])('json=%s: masked in message, context, keys, error and operation', (json) => {
    const sink = memorySink();
    const log = createLogger({ sink, json, operation: `op-${TOKEN}`, now, secrets: [TOKEN, hostileSecret, ''] });
    log.info(`Authorization: token ${TOKEN}`, { token: TOKEN, url: `https://x-access-token:${TOKEN}@github.com`, [TOKEN]: 1 });
    log.error('failed', { error: new Error(`bad credentials ${TOKEN}`) });
    log.warn(`pw ${hostileSecret}`, { pw: hostileSecret });
    const all = sink.records.map((r) => r.text).join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('ghs_');
    expect(all).not.toContain('ss\nword');
    expect(all).not.toContain(JSON.stringify(hostileSecret).slice(1, -1));
    expect(all).toContain('***');
    if (json) for (const r of sink.records) expect(() => JSON.parse(r.text) as unknown).not.toThrow();
  });

  it('a secret that contains another is masked whole', () => {
    const sink = memorySink();
    createLogger({ sink, now, secrets: ['abc', 'abcdef'] }).info('abcdef abc');
    expect(sink.records[0]?.text).toBe('*** ***');
  });
});

describe('actionsSink', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function captureStdout(run: () => void): string {
    const chunks: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
    run();
    vi.restoreAllMocks();
    return chunks.join('');
  }

  it('maps debug → core.debug, info → core.info, warn → core.warning, error → core.error', () => {
    const out = captureStdout(() => {
      const log = createLogger({ sink: actionsSink(), operation: 'op', now });
      log.debug('d');
      log.info('i');
      log.warn('w');
      log.error('e');
    });
    expect(out.split(/\r?\n/).filter(Boolean)).toEqual(['::debug::[op] d', '[op] i', '::warning::[op] w', '::error::[op] e']);
  });

  it('the default sink is the Actions sink', () => {
    const out = captureStdout(() => createLogger({ operation: 'op', now }).warn('w'));
    expect(out.trim()).toBe('::warning::[op] w');
  });

  it('info lines cannot issue workflow commands from untrusted text', () => {
    const out = captureStdout(() => {
      const log = createLogger({ sink: actionsSink(), now });
      log.info('::add-mask::nothing');
      log.info('commit message:\n::error title=x::injected\n  ::stop-commands::abc');
      log.debug('line one\n::error::in debug');
    });
    const lines = out.split(/\r?\n/).filter(Boolean);
    for (const line of lines) expect(line.trimStart().startsWith('::') && !line.startsWith('::debug::')).toBe(false);
    expect(lines).toContain(': :add-mask::nothing');
    expect(lines).toContain('  : :stop-commands::abc');
    // core.debug escapes newlines itself, so the payload stays inside the debug command
    expect(lines).toContain('::debug::line one%0A::error::in debug');
  });

  it('neutralizeCommands only touches a leading `::`', () => {
    expect(neutralizeCommands('a::b\n::c\n \t::d')).toBe('a::b\n: :c\n \t: :d');
  });

  it('a record given directly is written as JSON', () => {
    const out = captureStdout(() => {
      const record: LogRecord = { timestamp: FIXED.toISOString(), severity: 'info', operation: 'x', message: 'm', traceId: null, spanId: null, context: {} };
      actionsSink().write(record, 'info');
    });
    expect(JSON.parse(out)).toMatchObject({ message: 'm', operation: 'x' });
  });
});
