import { createHash } from 'node:crypto';
import type * as Crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { isSpanId, isTraceId, newSpanId, nonZeroHex, parseTraceparent, traceIdForSession, traceparent } from '@auto-pr-sessions/core';

describe('traceIdForSession', () => {
  it('is 32 lowercase hex from sha256 of the session id', () => {
    const id = 'b-auto-pr-1-20251120T010300Z';
    const trace = traceIdForSession(id);
    expect(trace).toMatch(/^[0-9a-f]{32}$/);
    expect(trace).toBe(createHash('sha256').update(id).digest('hex').slice(0, 32));
  });

  it('is deterministic across calls, so every action of a session logs the same trace', () => {
    expect(traceIdForSession('s-run-42')).toBe(traceIdForSession('s-run-42'));
    expect(traceIdForSession('s-run-42')).not.toBe(traceIdForSession('s-run-43'));
    expect(traceIdForSession('')).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdForSession('日本語 $(x)')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is never all zeros, even if the hash were', async () => {
    expect(nonZeroHex('0'.repeat(32))).toBe(`${'0'.repeat(31)}1`);
    expect(nonZeroHex('00ab')).toBe('00ab');
    vi.resetModules();
    vi.doMock('node:crypto', async (importOriginal) => {
      const real = await importOriginal<typeof Crypto>();
      const zeroHash = { update: () => zeroHash, digest: () => '0'.repeat(64) };
      return { ...real, createHash: () => zeroHash, randomBytes: (n: number) => Buffer.alloc(n) };
    });
    try {
      const mod = await import('../../packages/domain/src/trace.js');
      expect(mod.traceIdForSession('anything')).toBe(`${'0'.repeat(31)}1`);
      expect(mod.newSpanId()).toBe(`${'0'.repeat(15)}1`);
    } finally {
      vi.doUnmock('node:crypto');
      vi.resetModules();
    }
  });
});

describe('newSpanId', () => {
  it('is 16 lowercase hex and random', () => {
    const ids = Array.from({ length: 200 }, () => newSpanId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('traceparent', () => {
  const trace = traceIdForSession('b-x-20251120T010300Z');
  const span = 'b7ad6b7169203331';

  it('formats version 00, sampled', () => {
    expect(traceparent(trace, span)).toBe(`00-${trace}-${span}-01`);
    // the W3C spec example round-trips
    expect(parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toEqual({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' });
  });

  it('round-trips through parseTraceparent', () => {
    const s = newSpanId();
    expect(parseTraceparent(traceparent(trace, s))).toEqual({ traceId: trace, spanId: s });
    expect(parseTraceparent(`  ${traceparent(trace, s)}\n`)).toEqual({ traceId: trace, spanId: s });
  });

  it('refuses ids the spec rejects', () => {
    expect(() => traceparent('0'.repeat(32), span)).toThrow(RangeError);
    expect(() => traceparent(trace, '0'.repeat(16))).toThrow(RangeError);
    expect(() => traceparent(trace.toUpperCase(), span)).toThrow(RangeError);
    expect(() => traceparent(trace.slice(1), span)).toThrow(RangeError);
    expect(isTraceId(trace)).toBe(true);
    expect(isSpanId(span)).toBe(true);
  });

  it.each([
    '',
    'garbage',
    `00-${'0'.repeat(32)}-b7ad6b7169203331-01`, // zero trace id
    '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01', // zero span id
    'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', // forbidden version
    '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01', // uppercase
    '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra', // v00 has no more fields
    '00-0af7651916cd43dd8448eb211c8031-b7ad6b7169203331-01', // short trace id
    '00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01',
  ])('parseTraceparent(%j) → null', (s) => {
    expect(parseTraceparent(s)).toBeNull();
  });

  it('accepts a future version with extra fields', () => {
    expect(parseTraceparent('01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-what-ever')).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
    });
  });
});
