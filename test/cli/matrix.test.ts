// The CLI's conventions, command by command: --help exits 0; an unknown option is a usage error
// (exit 2) in the one error format; a representative success exits 0; bad input (a missing file
// or directory, an unknown session) exits 1 with "auto-pr-sessions <command>: what, where, what to
// do". README's CLI section is checked against the registered commands and options.
import { createServer } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsStateStore, markEvent, normalizeEvent } from '@auto-pr-sessions/core';
import { buildProgram } from '../../packages/cli/src/program.js';
import { EXIT } from '../../packages/cli/src/exit-codes.js';
import { cli } from '../helpers/cli.js';
import { plus } from '../helpers/events.js';
import { pushPayload } from '../helpers/payloads.js';

const T0 = '2025-11-19T12:00:00.000Z';
const NOW = plus(T0, 5);
const root = new URL('../..', import.meta.url).pathname;
const fixture = (p: string) => join(root, 'test/fixtures/reports', p);

/** A state directory with one active session (stream b-auto-pr-1) and one scored one (b-done). */
async function seeded(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aps-matrix-'));
  const store = new FsStateStore(dir);
  for (const [stream, branch] of [['b-auto-pr-1', 'auto-pr-1'], ['b-done', 'done']] as const) {
    for (let i = 0; i < 2; i++) {
      const r = normalizeEvent('push', pushPayload({ branch, sha: `${branch}${i}`, at: plus(T0, i), messages: [`Auto-PR: ${i}`] }), { now: plus(T0, i) });
      if (!r.ok) throw new Error(r.ignored);
      await store.append(stream, [r.event]);
    }
  }
  const done = (await store.load('b-done')).state.events[0]!;
  await store.append('b-done', [markEvent({ kind: 'scored', sessionId: `b-done-${done.at.replace(/[-:]/g, '').replace(/\.\d+/, '')}`, at: plus(T0, 3), repo: 'local', runId: '1', actor: 'test' })]);
  return dir;
}

let tmp: string;
let state: string;
let backup: string;
let validConfig: string;
let busyPort: number;
const closers: Array<() => void> = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'aps-matrix-run-'));
  state = await seeded();
  backup = join(tmp, 'backup');
  expect((await cli('backup', '--state', state, '--out', backup)).code).toBe(0);
  validConfig = join(tmp, 'ok.yml');
  await writeFile(validConfig, 'version: 1\nscope: branch\n');
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  busyPort = (server.address() as { port: number }).port;
  closers.push(() => server.close());
});

afterAll(() => {
  for (const c of closers) c();
});

interface Row {
  /** A representative successful call. */
  success: () => Promise<string[]> | string[];
  /** A call with bad input (exit 1) and what its error line must say; null when the command reads no input. */
  bad: (() => Promise<string[]> | string[]) | null;
  badSays?: RegExp;
  why?: string;
  timeout?: number;
}

const rows: Record<string, Row> = {
  list: { success: () => ['list', '--state', state, '--now', NOW], bad: () => ['list', '--state', join(tmp, 'missing')], badSays: /--state .*missing: no such state directory; check the path/ },
  status: { success: () => ['status', '--state', state, '--now', NOW, '--json'], bad: () => ['status', '--state', join(root, 'README.md')], badSays: /README\.md is a file, not a state directory/ },
  show: { success: () => ['show', 'b-auto-pr-1', '--state', state, '--now', NOW], bad: () => ['show', 'b-nope', '--state', state], badSays: /no session or stream "b-nope" in .*; list them with: auto-pr-sessions list/ },
  complete: { success: async () => ['complete', 'b-auto-pr-1', '--state', await seeded(), '--now', NOW], bad: () => ['complete', 'b-done', '--state', state, '--now', NOW], badSays: /session b-done-\S+ is already scored .*; nothing to complete/ },
  abandon: { success: async () => ['abandon', 'b-auto-pr-1', '--state', await seeded(), '--now', NOW], bad: () => ['abandon', 'b-done', '--state', state, '--now', NOW], badSays: /session b-done-\S+ is already scored .*; nothing to abandon/ },
  backup: { success: () => ['backup', '--state', state, '--out', join(tmp, 'b2')], bad: () => ['backup', '--state', join(tmp, 'missing'), '--out', join(tmp, 'b3')], badSays: /no such state directory/ },
  restore: { success: () => ['restore', '--from', backup, '--state', join(tmp, 'restored')], bad: () => ['restore', '--from', join(tmp, 'nonexistent')], badSays: /--from .*nonexistent: no such directory; give a directory written by: auto-pr-sessions backup --out DIR/ },
  validate: { success: () => ['validate', validConfig], bad: () => ['validate', join(tmp, 'nope.yml')], badSays: /nope\.yml/ },
  score: { success: () => ['score', '--junit', fixture('vitest/junit.xml')], bad: () => ['score', '--junit', join(tmp, 'nope.xml')], badSays: /nope\.xml/ },
  simulate: { success: () => ['simulate', join(root, 'examples/demo-trace.tsv'), '--json'], bad: () => ['simulate', join(tmp, 'nope.tsv')], badSays: /cannot read the trace .*nope\.tsv \(ENOENT\); give a TSV trace such as examples\/verosuite-commit-trace\.tsv, or --git DIR/ },
  demo: { success: () => ['demo', '--json'], bad: null, why: 'demo reads no input: it replays the bundled examples/demo-trace.tsv', timeout: 180_000 },
  analytics: { success: () => ['analytics', '--state', state, '--now', NOW], bad: () => ['analytics', '--state', join(root, 'README.md')], badSays: /--state .*README\.md is a file, not a state directory/ },
  runtime: { success: () => ['runtime', '--json'], bad: () => ['runtime', '--port', String(busyPort)], badSays: /cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\); choose another --port/ },
  init: { success: () => ['init', '--dry-run', '--dir', tmp], bad: () => ['init', '--dir', join(tmp, 'not-a-repo')], badSays: /not in a git repository/ },
};

const commands = buildProgram().commands.map((c) => c.name());

describe('every command: --help exits 0, an unknown option exits 2 in the one error format', () => {
  it('the program: --help and --version exit 0; an unknown command exits 2', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(EXIT.ok);
    expect(help.out).toContain('Exit codes: 0 ok; 1 invalid input or not found; 2 usage error; 3 unexpected failure.');
    expect((await cli('--version')).code).toBe(EXIT.ok);
    const bogus = await cli('bogus');
    expect(bogus.code).toBe(EXIT.usage);
    expect(bogus.err).toBe("auto-pr-sessions: unknown command 'bogus' (see: auto-pr-sessions --help)\n");
  });

  for (const name of commands) {
    it(`${name}`, async () => {
      const help = await cli(name, '--help');
      expect(help.code).toBe(EXIT.ok);
      expect(help.out).toContain(`Usage: auto-pr-sessions ${name}`);
      const usage = await cli(name, '--no-such-flag');
      expect(usage.code).toBe(EXIT.usage);
      // commander checks required options first (backup --out, restore --from): a usage error all the same
      expect(usage.err).toMatch(new RegExp(`^auto-pr-sessions ${name}: (unknown option '--no-such-flag'|required option '[^']+' not specified) \\(see: auto-pr-sessions ${name} --help\\)\n$`));
    });
  }
});

describe('every command: success exits 0, bad input exits 1 with what, where and what to do', () => {
  for (const name of commands) {
    const row = rows[name];
    if (!row) {
      it.skip(`${name}: no success/bad-input row in test/cli/matrix.test.ts yet (add one)`, () => undefined);
      continue;
    }
    it(`${name}: success`, async () => {
      const args = await row.success();
      if (name === 'runtime') setTimeout(() => process.emit('SIGTERM'), 300); // the foreground runtime stops on a signal
      const r = await cli(...args);
      expect(r.code, r.err).toBe(EXIT.ok);
      expect(r.err).not.toMatch(/^auto-pr-sessions/m);
    }, row.timeout ?? 30_000);
    if (row.bad) {
      const bad = row.bad;
      it(`${name}: bad input`, async () => {
        const r = await cli(...(await bad()));
        expect(r.code, r.err).toBe(EXIT.invalid);
        expect(r.err).toMatch(new RegExp(`^auto-pr-sessions ${name}: `));
        if (row.badSays) expect(r.err).toMatch(row.badSays);
      });
    } else {
      it.skip(`${name}: bad input: none to give (${row.why})`, () => undefined);
    }
  }
});

describe('the surprises of issue 12, one by one', () => {
  it('malformed option values are usage errors (2), before any work', async () => {
    for (const args of [
      ['list', '--status', 'bogus', '--state', state],
      ['status', '--state', state, '--now', 'yesterday'],
      ['demo', '--idle-minutes', 'abc'],
      ['demo', '--idle-minutes', '2'],
      ['simulate', join(root, 'examples/demo-trace.tsv'), '--idle-minutes', '2'],
      ['runtime', '--port', 'abc'],
      ['list', '--repo', 'not-a-repo'],
      ['simulate'],
      ['analytics', '--state', state, '--scoring-run-minutes', 'x'],
    ]) {
      const r = await cli(...args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(EXIT.usage);
      expect(r.err).toMatch(new RegExp(`^auto-pr-sessions ${args[0]}: `));
    }
  });

  it('demo and simulate accept the same idle minutes (5-120)', async () => {
    const demo = await cli('demo', '--idle-minutes', '4');
    const sim = await cli('simulate', join(root, 'examples/demo-trace.tsv'), '--idle-minutes', '4');
    expect(demo.code).toBe(EXIT.usage);
    expect(demo.err.replaceAll('demo', 'X')).toBe(sim.err.replaceAll('simulate', 'X'));
  });

  it('an invalid or missing config named with --config is invalid input (1)', async () => {
    const bad = join(tmp, 'bad.yml');
    await writeFile(bad, 'version: 2\n');
    for (const cmd of ['list', 'status', 'analytics']) {
      const invalid = await cli(cmd, '--state', state, '--config', bad);
      expect(invalid.code).toBe(EXIT.invalid);
      expect(invalid.err).toMatch(new RegExp(`^auto-pr-sessions ${cmd}: the configuration .*bad\\.yml is invalid \\(check it with: auto-pr-sessions validate`));
      const missing = await cli(cmd, '--state', state, '--config', join(tmp, 'none.yml'));
      expect(missing.code).toBe(EXIT.invalid);
      expect(missing.err).toMatch(/--config .*none\.yml: no such file/);
    }
  });

  it('backup --out creates the directory even when there is nothing to copy', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'aps-matrix-empty-'));
    const out = join(tmp, 'empty-backup');
    const r = await cli('backup', '--state', empty, '--out', out, '--json');
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.out)).toMatchObject({ streams: 0, events: 0 });
    expect((await cli('restore', '--from', out, '--state', join(tmp, 'from-empty'))).code).toBe(EXIT.ok);
  });

  it('restore --from a directory that is not a backup is invalid input', async () => {
    const r = await cli('restore', '--from', tmp, '--state', join(tmp, 'x'));
    expect(r.code).toBe(EXIT.invalid);
    expect(r.err).toMatch(/holds no streams\/ directory, so it is not a backup/);
  });

  it('show prints plain lines, no JSON; --json prints one JSON document', async () => {
    const text = await cli('show', 'b-auto-pr-1', '--state', state, '--now', NOW);
    expect(text.out).toMatch(/^branches {8}auto-pr-1$/m);
    expect(text.out).not.toMatch(/[[{]"/);
    const json = await cli('show', 'b-auto-pr-1', '--state', state, '--now', NOW, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ branches: ['auto-pr-1'], pushes: 2 });
  });

  it('--api-url at a closed port fails at once with a clear message', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((done) => server.close(() => done()));
    process.env['GITHUB_TOKEN'] = 'test-token';
    try {
      const started = Date.now();
      const r = await cli('status', '--repo', 'octo/repo', '--api-url', `http://127.0.0.1:${port}`);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(r.code).toBe(EXIT.invalid);
      expect(r.err).toBe(`auto-pr-sessions status: cannot reach the GitHub API at http://127.0.0.1:${port} (ECONNREFUSED); check --api-url (or GITHUB_API_URL)\n`);
    } finally {
      delete process.env['GITHUB_TOKEN'];
    }
  });
});

describe('README and the code agree', () => {
  it('every command in the README CLI table exists with every flag named there; every command is in the table', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## CLI'), readme.indexOf('\n## ', readme.indexOf('\n## CLI') + 5));
    const program = buildProgram();
    const named = new Set<string>();
    for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
      for (const [, usage] of line.matchAll(/`([a-z-]+(?: [^`]*)?)`/g)) {
        const name = usage!.split(' ')[0]!;
        const cmd = program.commands.find((c) => c.name() === name);
        if (!cmd) continue; // e.g. a flag or value quoted in the description
        named.add(name);
        for (const [flag] of usage!.matchAll(/--[a-z-]+/g)) {
          expect(cmd.options.some((o) => o.long === flag) || flag === '--help', `README: ${name} ${flag}`).toBe(true);
        }
      }
    }
    expect(commands.filter((c) => !named.has(c))).toEqual([]);
    expect(section).toContain('Exit codes: 0 success; 1 invalid input or not found');
  });

  it('every `auto-pr-sessions COMMAND --flag` in the README and the guides names a real command and option', async () => {
    const program = buildProgram();
    const checked: string[] = [];
    for (const file of ['README.md', 'docs/maintainers-guide.md', 'docs/agents.md', 'examples/README.md']) {
      const text = (await readFile(join(root, file), 'utf8')).replace(/\n\s+/g, ' ');
      for (const [, name, rest] of text.matchAll(/auto-pr-sessions ([a-z][a-z-]*)((?: +(?:--?[a-z][a-z-]*|[^\s`|&;#]+))*)/g)) {
        const cmd = program.commands.find((c) => c.name() === name);
        if (!cmd) continue; // prose such as "auto-pr-sessions analytics" headings, checked by the table test
        for (const [flag] of (rest ?? '').matchAll(/(?<=\s)--[a-z][a-z-]*/g)) {
          checked.push(`${name} ${flag}`);
          expect(cmd.options.some((o) => o.long === flag) || flag === '--help', `${file}: auto-pr-sessions ${name} ${flag}`).toBe(true);
        }
      }
    }
    expect(checked).toContain('simulate --state-out');
  });

  it('an unexpected failure exits 3 with the one error line', async () => {
    const r = await cli('backup', '--state', state, '--out', '/dev/null/backup');
    expect(r.code).toBe(EXIT.failure);
    expect(r.err).toMatch(/^auto-pr-sessions backup: unexpected failure: .*ENOTDIR.* rerun with AUTO_PR_SESSIONS_DEBUG=1 for the stack and report it\)\n$/);
  });
});
