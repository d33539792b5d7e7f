import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { InputError, guarded } from '../errors.js';
import { port, repoName } from '../options.js';

export interface RuntimeCommandOptions {
  port?: string | number;
  host?: string;
  dir?: string;
  repo?: string;
  ref?: string;
  json?: boolean;
}

export interface RuntimeIo {
  write(text: string): void;
  /** Resolves when the runtime should stop (SIGINT/SIGTERM in the CLI). */
  stopped: Promise<unknown>;
}

/** Single-quotes a value for POSIX shells. */
function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

function parsePort(raw: string | number | undefined): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be an integer 0-65535, got ${raw}`);
  return n;
}

/** The text printed at start: where it listens, and the step environment as `export` lines. */
export function describeRuntime(rt: LocalRuntime, env: Record<string, string>, dir: string | undefined): string {
  const lines = [
    `Local Actions runtime listening on ${rt.url} (repository ${rt.repo}; state ${dir ? `in ${dir}` : 'in memory, lost on exit'})`,
    '# FAKE credentials: the tokens below are signed by this local runtime only and grant nothing on GitHub.',
    '# Export these in the shell that runs an action (tokens expire after 24 h):',
    ...Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`),
    '# Press Ctrl+C to stop.',
  ];
  return `${lines.join('\n')}\n`;
}

/** Starts the runtime, prints its environment, and closes it when `io.stopped` settles. */
export async function runRuntime(opts: RuntimeCommandOptions, io: RuntimeIo): Promise<void> {
  const dir = opts.dir ? resolve(opts.dir) : undefined;
  const p = parsePort(opts.port);
  const rt = await startRuntime({ port: p, host: opts.host, dir, repo: opts.repo }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') {
      throw new InputError(`cannot listen on ${opts.host ?? '127.0.0.1'}:${p} (${err.code}); choose another --port (0 = any free port) or --host`);
    }
    throw err;
  });
  try {
    const tempDir = join(tmpdir(), 'auto-pr-sessions-runner-temp');
    mkdirSync(tempDir, { recursive: true });
    const env = rt.envFor({ ref: opts.ref ?? 'refs/heads/main', workspace: process.cwd(), tempDir });
    io.write(opts.json ? `${JSON.stringify({ url: rt.url, repo: rt.repo, dir: dir ?? null, env })}\n` : describeRuntime(rt, env, dir));
    await io.stopped;
  } finally {
    await rt.close();
    if (!opts.json) io.write('Local Actions runtime stopped.\n');
  }
}

export function registerRuntime(program: Command): void {
  program
    .command('runtime')
    .description('run the local Actions runtime (cache, artifact and REST stand-in) in the foreground')
    .option('--port <n>', 'port to listen on (0 = any free port)', port, 0)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--dir <path>', 'keep state in this directory (survives restarts); in memory otherwise')
    .option('--repo <owner/name>', 'repository the fake serves', repoName, 'octo-org/octo-repo')
    .option('--ref <ref>', 'GITHUB_REF of the printed step environment', 'refs/heads/main')
    .option('--json', 'print {url, repo, dir, env} as one JSON line instead of export lines')
    .action((opts: RuntimeCommandOptions) => guarded('runtime', async () => {
      let onSignal: () => void = () => undefined;
      const stopped = new Promise<void>((done) => {
        onSignal = done;
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      });
      try {
        await runRuntime(opts, { write: (t) => process.stdout.write(t), stopped });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    }));
}
