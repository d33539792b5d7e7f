import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATE_SCHEMA, stateSchemaJson } from '../../packages/core/src/adapters/store/state-schema.js';
import { parseStateJson, validateState } from '../../packages/core/src/adapters/store/snapshot.js';
import { addEvents, compactEvent, emptyState, MAX_EVENTS_PER_STREAM } from '../../packages/domain/src/state.js';
import type { SessionEvent } from '../../packages/domain/src/types.js';
import { newAjv } from '../config/codegen.js';
import { push } from '../helpers/events.js';
import { generateStateValidatorModule } from './codegen.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../packages/core/schema/state.schema.json', import.meta.url));
const VALIDATOR_FILE = fileURLToPath(new URL('../../packages/core/src/adapters/store/state-validator.generated.ts', import.meta.url));
const UPDATE = process.env['UPDATE_SCHEMA'] === '1';
const KEY = 'b-auto-pr-1';

function snapshot(events: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 1, streamKey: KEY, events, writers: ['12-1'], ...extra });
}

describe('the stored-state schema', () => {
  it('state.schema.json and the precompiled validator are generated from state-schema.ts (UPDATE_SCHEMA=1 rewrites them)', () => {
    if (UPDATE || !existsSync(SCHEMA_FILE)) writeFileSync(SCHEMA_FILE, stateSchemaJson());
    if (UPDATE || !existsSync(VALIDATOR_FILE)) writeFileSync(VALIDATOR_FILE, generateStateValidatorModule());
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(stateSchemaJson());
    expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(generateStateValidatorModule());
    expect(() => newAjv().compile(STATE_SCHEMA)).not.toThrow();
  });

  it('a number where the title string belongs: the snapshot is refused, naming where and the field', () => {
    const bad = { ...push('2025-11-19T12:00:00.000Z'), title: 42 };
    expect(() => parseStateJson(snapshot([bad]), 'artifact aps-state-b-auto-pr-1 #7', KEY)).toThrow(/artifact aps-state-b-auto-pr-1 #7: .*\/events\/0\/title.*must be string/);
  });

  it.each([
    ['an unknown field', { extra: 1 }, /must NOT have additional properties/],
    ['a time without a zone', { at: '2025-11-19T12:00:00' }, /\/events\/0\/at/],
    ['an unknown kind', { kind: 'owned' }, /\/events\/0\/kind/],
    ['a huge body', { body: 'x'.repeat(20_000) }, /\/events\/0\/body/],
    ['commits that are not a list', { commits: {} }, /\/events\/0\/commits/],
    ['an input that is not text', { inputs: { run_id: 5 } }, /\/events\/0\/inputs\/run_id/],
  ])('refuses %s', (_what, patch, expected) => {
    expect(() => parseStateJson(snapshot([{ ...push('2025-11-19T12:00:00.000Z'), ...patch }]), 'cache aps1-x', KEY)).toThrow(expected);
  });

  it('refuses more events than a stream keeps, and writers that are not runs', () => {
    const many = Array.from({ length: MAX_EVENTS_PER_STREAM + 1 }, (_, i) => push(new Date(Date.parse('2025-01-01T00:00:00Z') + i * 1000).toISOString(), `m${i}`, { headSha: `s${i}` }));
    expect(() => parseStateJson(snapshot(many), 'artifact #9', KEY)).toThrow(/\/events must NOT have more than 10000 items/);
    expect(() => parseStateJson(snapshot([], { writers: ['../../x'] }), 'artifact #9', KEY)).toThrow(/\/writers\/0/);
  });

  it('accepts every event the suite itself stores, whatever the payload held (compactEvent output)', () => {
    const text = fc.string({ maxLength: 40 });
    const big = fc.oneof(text, fc.string({ minLength: 5_000, maxLength: 20_000 }));
    const arb = fc.record({
      title: fc.option(big, { nil: null }),
      body: fc.option(big, { nil: null }),
      branch: fc.option(big, { nil: null }),
      author: big,
      inputs: fc.dictionary(text, big, { maxKeys: 80 }),
      id: big.filter((s) => s.length > 0),
      files: fc.array(big, { maxLength: 5 }),
    });
    fc.assert(
      fc.property(arb, (r) => {
        const e: SessionEvent = { ...push('2025-11-19T12:00:00.000Z'), id: r.id, title: r.title, body: r.body, branch: r.branch, author: r.author, inputs: r.inputs };
        const withFiles = { ...e, commits: e.commits.map((c) => ({ ...c, added: r.files })) };
        const state = addEvents(emptyState(KEY), [withFiles]);
        expect(validateState(state)).toBeNull();
        expect(compactEvent(compactEvent(withFiles))).toEqual(compactEvent(withFiles));
      }),
      { numRuns: 60 },
    );
  });
});
