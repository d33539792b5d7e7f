import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionRow } from '@auto-pr-sessions/core';
import { FsStateStore, findSession, inventory, markEvent, muteStdout, normalizeEvent, serializeState } from '@auto-pr-sessions/core';
import { EXIT } from '../exit-codes.js';
import { progressBar } from '../progress.js';
import type { SourceOptions } from '../source.js';
import { NotFoundError, UsageError, addSourceOptions, openSource } from '../source.js';

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

/** A plain-text table; terminal output, so untrusted names are printed as data, never evaluated. */
function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

async function withErrors(fn: () => Promise<void>): Promise<void> {
  const write = process.stdout.write.bind(process.stdout);
  out = (text) => write(text);
  const unmute = muteStdout();
  try {
    await fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`auto-pr-sessions: ${message}\n`);
    process.exitCode = err instanceof UsageError ? EXIT.usage : err instanceof NotFoundError ? EXIT.invalid : EXIT.failure;
  } finally {
    unmute();
    out = (text) => process.stdout.write(text);
  }
}

export function registerSessionCommands(program: Command): void {
  addSourceOptions(program.command('list').description('list every session with its status'))
    .option('--status <status>', 'only sessions with this status (active, idle-warning, due, scored, abandoned)')
    .action((opts: SourceOptions & { status?: string }) => withErrors(async () => {
      const src = await openSource(opts);
      const bar = opts.json ? null : progressBar('reading streams');
      const inv = await inventory(src.store, src.config, src.now, (d, t) => bar?.update(d, t));
      bar?.stop();
      const rows = inv.rows.filter((r) => !opts.status || r.decision.status === opts.status);
      if (opts.json) return print(JSON.stringify(rows.map(rowJson), null, 2));
      if (rows.length === 0) return print('no sessions');
      print(table([['SESSION', 'STATUS', 'PUSHES', 'PRS', 'LAST ACTIVITY', 'TRIGGER'], ...rows.map((r) => [
        r.session.id, r.decision.status, String(r.session.pushes), r.session.prNumbers.map((n) => `#${n}`).join(',') || '-', r.session.lastActivity, r.decision.trigger ?? '-',
      ])]));
      for (const p of inv.problems) process.stderr.write(`warning: ${p.streamKey}: ${p.warnings.join('; ')}\n`);
    }));

  addSourceOptions(program.command('status').description('summary: sessions by status, and the sessions waiting for a score'))
    .action((opts: SourceOptions) => withErrors(async () => {
      const src = await openSource(opts);
      const inv = await inventory(src.store, src.config, src.now);
      const counts: Record<string, number> = { active: 0, 'idle-warning': 0, due: 0, scored: 0, abandoned: 0 };
      for (const r of inv.rows) counts[r.decision.status] = (counts[r.decision.status] ?? 0) + 1;
      const waiting = inv.rows.filter((r) => r.decision.shouldScore).map((r) => r.session.id);
      if (opts.json) return print(JSON.stringify({ now: src.now, sessions: inv.rows.length, byStatus: counts, waitingForScore: waiting, problems: inv.problems }, null, 2));
      print(`${inv.rows.length} sessions at ${src.now}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
      if (waiting.length > 0) print(`waiting for a score: ${waiting.join(', ')}`);
      for (const p of inv.problems) print(`unreadable state in ${p.streamKey}: ${p.warnings.join('; ')}`);
    }));

  addSourceOptions(program.command('show').description('one session in detail').argument('<id>', 'session id, or a stream key for its latest session'))
    .action((id: string, opts: SourceOptions) => withErrors(async () => {
      const src = await openSource(opts);
      const row = await findSession(src.store, src.config, src.now, id);
      if (!row) throw new NotFoundError(`no session ${id} (list them with: auto-pr-sessions list)`);
      if (opts.json) return print(JSON.stringify(rowJson(row), null, 2));
      const j = rowJson(row);
      for (const [k, v] of Object.entries(j)) print(`${k.padEnd(14)} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    }));

  addSourceOptions(program.command('complete').description('complete a session now: locally by recording a completion, on a repository by dispatching the scoring workflow with complete=true').argument('<id>', 'session id or stream key'))
    .option('--workflow <file>', 'scoring workflow to dispatch on a repository', 'reward.yml')
    .action((id: string, opts: SourceOptions & { workflow: string }) => withErrors(async () => {
      const src = await openSource(opts);
      const row = await findSession(src.store, src.config, src.now, id);
      if (!row) throw new NotFoundError(`no session ${id} (list them with: auto-pr-sessions list)`);
      if (src.remote) {
        const ref = row.session.branches[0] ?? 'main';
        const res = await fetch(`${src.remote.apiUrl}/repos/${src.remote.owner}/${src.remote.repo}/actions/workflows/${encodeURIComponent(opts.workflow)}/dispatches`, {
          method: 'POST',
          headers: { authorization: `Bearer ${src.remote.token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' },
          body: JSON.stringify({ ref, inputs: { 'session-id': row.session.id, complete: 'true' } }),
        });
        if (res.status !== 204) throw new Error(`dispatching ${opts.workflow} on ${ref} failed: HTTP ${res.status} ${await res.text()}`);
        return print(`dispatched ${opts.workflow} on ${ref} to complete ${row.session.id}`);
      }
      const result = normalizeEvent('workflow_dispatch', { inputs: { complete: 'true', 'session-id': row.session.id } }, { now: src.now, actor: 'cli', repo: 'local/state' });
      if (!result.ok) throw new Error(result.ignored);
      await src.store.append(row.session.streamKey, [{ ...result.event, sessionId: row.session.id }]);
      const after = await findSession(src.store, src.config, src.now, row.session.id);
      print(opts.json ? JSON.stringify(after ? rowJson(after) : null) : `${row.session.id}: ${after?.decision.reason ?? 'completed'}`);
    }));

  addSourceOptions(program.command('abandon').description('close a session without a score, with a recorded reason (local state only)').argument('<id>', 'session id'))
    .option('--reason <text>', 'why', 'abandoned from the CLI')
    .action((id: string, opts: SourceOptions & { reason: string }) => withErrors(async () => {
      const src = await openSource(opts);
      if (src.remote) throw new UsageError('abandon writes session state, which only a workflow run can do on a repository: the scheduled session-health workflow closes out orphans');
      const row = await findSession(src.store, src.config, src.now, id);
      if (!row) throw new NotFoundError(`no session ${id} (list them with: auto-pr-sessions list)`);
      await src.store.append(row.session.streamKey, [markEvent({ kind: 'abandoned', sessionId: row.session.id, at: src.now, repo: 'local', runId: `cli-${Date.parse(src.now)}`, actor: 'cli', detail: opts.reason })]);
      print(`${row.session.id}: abandoned (${opts.reason})`);
    }));

  addSourceOptions(program.command('backup').description('copy every stream\'s state (local directory or a repository\'s state artifacts) into a directory').requiredOption('--out <dir>', 'backup directory (filesystem-store layout)'))
    .action((opts: SourceOptions & { out: string }) => withErrors(async () => {
      const src = await openSource(opts);
      const keys = await src.store.listStreams();
      const bar = progressBar('backing up streams');
      const stamp = src.now.replace(/[-:.]/g, '');
      let events = 0;
      for (const [i, key] of keys.entries()) {
        const loaded = await src.store.load(key);
        for (const w of loaded.warnings) process.stderr.write(`warning: ${key}: ${w}\n`);
        const dir = join(opts.out, 'streams', key);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, `backup-${stamp}.json`), serializeState(loaded.state));
        events += loaded.state.events.length;
        bar.update(i + 1, keys.length);
      }
      bar.stop();
      print(opts.json ? JSON.stringify({ streams: keys.length, events, out: opts.out }) : `backed up ${keys.length} streams (${events} events) to ${opts.out}`);
    }));

  program
    .command('restore')
    .description('merge a backup into a local state directory (a union: nothing already there is lost)')
    .requiredOption('--from <dir>', 'backup directory')
    .option('--state <dir>', 'state directory to restore into', '.auto-pr-sessions/state')
    .option('--json', 'print JSON')
    .action((opts: { from: string; state: string; json?: boolean }) => withErrors(async () => {
      const from = new FsStateStore(opts.from);
      const into = new FsStateStore(opts.state);
      const keys = await from.listStreams();
      const bar = progressBar('restoring streams');
      let events = 0;
      for (const [i, key] of keys.entries()) {
        const loaded = await from.load(key);
        for (const w of loaded.warnings) process.stderr.write(`warning: ${key}: ${w}\n`);
        const saved = await into.append(key, loaded.state.events);
        events += saved.state.events.length;
        bar.update(i + 1, keys.length);
      }
      bar.stop();
      print(opts.json ? JSON.stringify({ streams: keys.length, events, state: opts.state }) : `restored ${keys.length} streams (${events} events) into ${opts.state}`);
    }));

}
