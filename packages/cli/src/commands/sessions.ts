import type { Command } from 'commander';
import { Option } from 'commander';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionRow } from '@auto-pr-sessions/core';
import { FsStateStore, findSession, inventory, markEvent, muteStdout, normalizeEvent, serializeState } from '@auto-pr-sessions/core';
import { InputError, NotFoundError, UsageError, guarded } from '../errors.js';
import { progressBar } from '../progress.js';
import { isSafeStreamKey } from '../safe-path.js';
import type { SourceOptions } from '../source.js';
import { DEFAULT_STATE_DIR, addSourceOptions, openSource } from '../source.js';

const STATUSES = ['active', 'idle-warning', 'due', 'scored', 'abandoned'] as const;

/** Where command output goes; bound to the real stdout while the toolkit's output is muted. */
let out: (text: string) => void = (text) => process.stdout.write(text);

function print(text: string): void {
  out(`${text}\n`);
}

function rowJson(r: SessionRow): Record<string, unknown> {
  const s = r.session;
  return {
    sessionId: s.id, streamKey: s.streamKey, status: r.decision.status, shouldScore: r.decision.shouldScore,
    reason: r.decision.reason, trigger: r.decision.trigger, pushes: s.pushes, prNumbers: s.prNumbers,
    authors: s.authors, branches: s.branches, firstActivity: s.firstActivity, lastActivity: s.lastActivity,
    completion: s.completion, requested: s.requested, scored: s.scored, abandoned: s.abandoned, ignored: s.ignored,
  };
}

function markText(m: { at: string; runId: string | null; detail?: string | null } | null): string {
  if (!m) return '-';
  return `${m.at}${m.runId ? ` by run ${m.runId}` : ''}${m.detail ? ` (${m.detail})` : ''}`;
}

/** `show` for people: one fact a line, lists joined, no JSON. */
function showText(r: SessionRow): string {
  const s = r.session;
  const lines: Array<[string, string]> = [
    ['session', s.id],
    ['stream', s.streamKey],
    ['status', `${r.decision.status}${r.decision.shouldScore ? ' (waiting for a score)' : ''}`],
    ['reason', r.decision.reason],
    ['trigger', r.decision.trigger ?? '-'],
    ['pushes', String(s.pushes)],
    ['PRs', s.prNumbers.map((n) => `#${n}`).join(', ') || '-'],
    ['authors', s.authors.join(', ') || '-'],
    ['branches', s.branches.join(', ') || '-'],
    ['first activity', s.firstActivity],
    ['last activity', s.lastActivity],
    ['completed', s.completion ? `${s.completion.trigger} at ${s.completion.at}${s.completion.detail ? ` (${s.completion.detail})` : ''}` : '-'],
    ['handed out', markText(s.requested)],
    ['scored', markText(s.scored)],
    ['abandoned', markText(s.abandoned)],
    ['ignored events', s.ignored.length === 0 ? 'none' : String(s.ignored.length)],
  ];
  const text = lines.map(([k, v]) => `${k.padEnd(15)} ${v}`);
  for (const i of s.ignored) text.push(`  ${i.eventId}: ${i.reason}`);
  return text.join('\n');
}

/** A plain-text table; terminal output, so untrusted names are printed as data, never evaluated. */
function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** Runs a command body with the toolkit's stdout muted (the artifact client prints as on a runner). */
function muted(command: string, fn: () => Promise<void>): Promise<void> {
  const write = process.stdout.write.bind(process.stdout);
  out = (text) => write(text);
  const unmute = muteStdout();
  return guarded(command, fn).finally(() => {
    unmute();
    out = (text) => process.stdout.write(text);
  });
}

function notFound(id: string, where: string): NotFoundError {
  return new NotFoundError(`no session or stream "${id}" in ${where}; list them with: auto-pr-sessions list`);
}

/** A backup directory: must exist and hold the filesystem store's `streams/` directory. */
async function requireBackup(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new InputError(`--from ${dir}: no such directory; give a directory written by: auto-pr-sessions backup --out DIR`);
  if (!info.isDirectory()) throw new InputError(`--from ${dir} is a file; give a directory written by: auto-pr-sessions backup --out DIR`);
  if (!(await stat(join(dir, 'streams')).catch(() => null))?.isDirectory()) {
    throw new InputError(`--from ${dir} holds no streams/ directory, so it is not a backup; give a directory written by: auto-pr-sessions backup --out DIR`);
  }
}

export function registerSessionCommands(program: Command): void {
  addSourceOptions(program.command('list').description('list every session with its status'))
    .addOption(new Option('--status <status>', 'only sessions with this status').choices(STATUSES))
    .action((opts: SourceOptions & { status?: string }) => muted('list', async () => {
      const src = await openSource(opts);
      const bar = opts.json ? null : progressBar('reading streams');
      const inv = await inventory(src.store, src.config, src.now, (d, t) => bar?.update(d, t));
      bar?.stop();
      const rows = inv.rows.filter((r) => !opts.status || r.decision.status === opts.status);
      for (const p of inv.problems) process.stderr.write(`warning: ${p.streamKey}: ${p.warnings.join('; ')}\n`);
      if (opts.json) return print(JSON.stringify(rows.map(rowJson), null, 2));
      if (rows.length === 0) return print(`no sessions${opts.status ? ` with status ${opts.status}` : ''} in ${src.where}`);
      print(table([['SESSION', 'STATUS', 'PUSHES', 'PRS', 'LAST ACTIVITY', 'TRIGGER'], ...rows.map((r) => [
        r.session.id, r.decision.status, String(r.session.pushes), r.session.prNumbers.map((n) => `#${n}`).join(',') || '-', r.session.lastActivity, r.decision.trigger ?? '-',
      ])]));
    }));

  addSourceOptions(program.command('status').description('summary: sessions by status, and the sessions waiting for a score'))
    .action((opts: SourceOptions) => muted('status', async () => {
      const src = await openSource(opts);
      const inv = await inventory(src.store, src.config, src.now);
      const counts: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
      for (const r of inv.rows) counts[r.decision.status] = (counts[r.decision.status] ?? 0) + 1;
      const waiting = inv.rows.filter((r) => r.decision.shouldScore).map((r) => r.session.id);
      if (opts.json) return print(JSON.stringify({ now: src.now, sessions: inv.rows.length, byStatus: counts, waitingForScore: waiting, problems: inv.problems }, null, 2));
      print(`${inv.rows.length} sessions in ${src.where} at ${src.now}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
      if (waiting.length > 0) print(`waiting for a score: ${waiting.join(', ')}`);
      for (const p of inv.problems) print(`unreadable state in ${p.streamKey}: ${p.warnings.join('; ')}`);
    }));

  addSourceOptions(program.command('show').description('one session in detail: status, reason, trigger, marks, ignored events with why').argument('<id>', 'session id, or a stream key for its latest session'))
    .action((id: string, opts: SourceOptions) => muted('show', async () => {
      const src = await openSource(opts);
      const row = await findSession(src.store, src.config, src.now, id);
      if (!row) throw notFound(id, src.where);
      print(opts.json ? JSON.stringify(rowJson(row), null, 2) : showText(row));
    }));

  addSourceOptions(program.command('complete').description('complete a session now: locally by recording a completion, on a repository by dispatching the scoring workflow with complete=true').argument('<id>', 'session id or stream key'))
    .option('--workflow <file>', 'scoring workflow to dispatch on a repository', 'reward.yml')
    .action((id: string, opts: SourceOptions & { workflow: string }) => muted('complete', async () => {
      const src = await openSource(opts);
      const row = await findSession(src.store, src.config, src.now, id);
      if (!row) throw notFound(id, src.where);
      if (row.decision.status === 'scored' || row.decision.status === 'abandoned') {
        throw new InputError(`session ${row.session.id} is already ${row.decision.status} (${row.decision.reason}); nothing to complete`);
      }
      if (src.remote) {
        const ref = row.session.branches[0] ?? 'main';
        const res = await fetch(`${src.remote.apiUrl}/repos/${src.remote.owner}/${src.remote.repo}/actions/workflows/${encodeURIComponent(opts.workflow)}/dispatches`, {
          method: 'POST',
          headers: { authorization: `Bearer ${src.remote.token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' },
          body: JSON.stringify({ ref, inputs: { 'session-id': row.session.id, complete: 'true' } }),
          signal: AbortSignal.timeout(30_000),
        });
        if (res.status === 404) throw new InputError(`workflow ${opts.workflow} not found in ${src.where} (HTTP 404); give the scoring workflow's file name with --workflow`);
        if (res.status === 422) throw new InputError(`${opts.workflow} cannot be dispatched on ${ref} (HTTP 422: ${await res.text()}); it needs a workflow_dispatch trigger with session-id and complete inputs (auto-pr-sessions init writes one)`);
        if (res.status !== 204) throw new Error(`dispatching ${opts.workflow} on ${ref} failed: HTTP ${res.status} ${await res.text()}`);
        return print(opts.json ? JSON.stringify({ dispatched: opts.workflow, ref, sessionId: row.session.id }) : `dispatched ${opts.workflow} on ${ref} to complete ${row.session.id}`);
      }
      const result = normalizeEvent('workflow_dispatch', { inputs: { complete: 'true', 'session-id': row.session.id } }, { now: src.now, actor: 'cli', repo: 'local/state' });
      if (!result.ok) throw new Error(result.ignored);
      await src.store.append(row.session.streamKey, [{ ...result.event, sessionId: row.session.id }]);
      const after = await findSession(src.store, src.config, src.now, row.session.id);
      print(opts.json ? JSON.stringify(after ? rowJson(after) : null) : `${row.session.id}: ${after?.decision.reason ?? 'completed'}`);
    }));

  addSourceOptions(program.command('abandon').description('close a session without a score, with a recorded reason (local state only)').argument('<id>', 'session id or stream key'))
    .option('--reason <text>', 'why', 'abandoned from the CLI')
    .action((id: string, opts: SourceOptions & { reason: string }) => muted('abandon', async () => {
      if (opts.repo) throw new UsageError('abandon writes session state, which only a workflow run can do on a repository (the scheduled session-health workflow closes out orphans); use --state DIR');
      const src = await openSource(opts);
      const row = await findSession(src.store, src.config, src.now, id);
      if (!row) throw notFound(id, src.where);
      if (row.session.scored || row.session.abandoned) {
        throw new InputError(`session ${row.session.id} is already ${row.session.scored ? 'scored' : 'abandoned'} (${row.decision.reason}); nothing to abandon`);
      }
      await src.store.append(row.session.streamKey, [markEvent({ kind: 'abandoned', sessionId: row.session.id, at: src.now, repo: 'local', runId: `cli-${Date.parse(src.now)}`, actor: 'cli', detail: opts.reason })]);
      const after = await findSession(src.store, src.config, src.now, row.session.id);
      print(opts.json ? JSON.stringify(after ? rowJson(after) : null) : `${row.session.id}: abandoned (${opts.reason})`);
    }));

  addSourceOptions(program.command('backup').description('copy every stream\'s state (local directory or a repository\'s state artifacts) into a directory').requiredOption('--out <dir>', 'backup directory (filesystem-store layout; created if missing)'))
    .action((opts: SourceOptions & { out: string }) => muted('backup', async () => {
      const src = await openSource(opts);
      const keys = await src.store.listStreams();
      const bar = opts.json ? null : progressBar('backing up streams');
      const stamp = src.now.replace(/[-:.]/g, '');
      // created even when there is nothing to copy: the backup of an empty state is an empty backup
      await mkdir(join(opts.out, 'streams'), { recursive: true });
      let events = 0;
      const skipped: string[] = [];
      for (const [i, key] of keys.entries()) {
        bar?.update(i + 1, keys.length);
        if (!isSafeStreamKey(key)) {
          // cache keys and artifact names are chosen by whoever runs workflows: never a path
          skipped.push(key);
          process.stderr.write(`warning: stream key ${JSON.stringify(key)} is not a plain directory name; skipped (nothing written outside ${opts.out})\n`);
          continue;
        }
        const loaded = await src.store.load(key);
        for (const w of loaded.warnings) process.stderr.write(`warning: ${key}: ${w}\n`);
        const dir = join(opts.out, 'streams', key);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, `backup-${stamp}.json`), serializeState(loaded.state));
        events += loaded.state.events.length;
      }
      bar?.stop();
      const streams = keys.length - skipped.length;
      print(opts.json ? JSON.stringify({ streams, events, skipped, out: opts.out }) : `backed up ${streams} streams (${events} events) from ${src.where} to ${opts.out}${skipped.length ? `; skipped ${skipped.length} unsafe stream keys` : ''}`);
    }));

  program
    .command('restore')
    .description('merge a backup into a local state directory (a union: nothing already there is lost)')
    .requiredOption('--from <dir>', 'backup directory (written by backup --out)')
    .option('--state <dir>', `state directory to restore into (created if missing; default ${DEFAULT_STATE_DIR})`)
    .option('--json', 'print JSON')
    .action((opts: { from: string; state?: string; json?: boolean }) => muted('restore', async () => {
      await requireBackup(opts.from);
      const stateDir = opts.state ?? DEFAULT_STATE_DIR;
      const info = await stat(stateDir).catch(() => null);
      if (info && !info.isDirectory()) throw new InputError(`--state ${stateDir} is a file; give a state directory`);
      const from = new FsStateStore(opts.from);
      const into = new FsStateStore(stateDir);
      const keys = (await readdir(join(opts.from, 'streams'), { withFileTypes: true })).filter((d) => d.isDirectory() && isSafeStreamKey(d.name)).map((d) => d.name).sort();
      const bar = opts.json ? null : progressBar('restoring streams');
      let events = 0;
      for (const [i, key] of keys.entries()) {
        const loaded = await from.load(key);
        for (const w of loaded.warnings) process.stderr.write(`warning: ${key}: ${w}\n`);
        const saved = await into.append(key, loaded.state.events);
        events += saved.state.events.length;
        bar?.update(i + 1, keys.length);
      }
      bar?.stop();
      await mkdir(stateDir, { recursive: true });
      print(opts.json ? JSON.stringify({ streams: keys.length, events, state: stateDir }) : `restored ${keys.length} streams (${events} events) from ${opts.from} into ${stateDir}`);
    }));
}
