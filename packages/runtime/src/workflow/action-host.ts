// How a node action's `runs.main` is executed by the local workflow runner.
//
// 'process' (default) does what the GitHub runner does: a new `node main` process per step
// (https://docs.github.com/en/actions/sharing-automations/creating-actions/creating-a-javascript-action).
// 'worker' keeps one thread per pool slot with the action's modules already compiled and runs each
// step there (action-worker.ts): same environment, working directory, file commands, stdout and
// exit code, but without a process start and a bundle compile per step. Measured on the real trace,
// loading the bundle is most of a session-start or session-check step, so long replays
// (`simulate --workflows`) use 'worker'; tests of the runner itself keep 'process'.
// Only ESM mains (.mjs) are run warm; anything else is spawned.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StepReply, StepRequest } from './action-worker.js';

export type ActionHostKind = 'process' | 'worker';

export interface MainResult {
  code: number;
  stdout: string;
  /** stdout and stderr as they came, bounded by the caller. */
  log: string;
}

export interface ActionHost {
  readonly kind: ActionHostKind;
  /** `esm`: the main is an ES module even without .mjs (this package's compiled scripts). */
  runMain(main: string, env: Record<string, string>, cwd: string, opts?: { esm?: boolean }): Promise<MainResult>;
  close(): Promise<void>;
}

const LOG_LIMIT = 64 * 1024;

/** Runs any program to completion, collecting stdout and a bounded log (the 'process' host and `run:` steps). */
export function spawnProgram(cmd: string, args: string[], env: Record<string, string>, cwd: string): Promise<MainResult> {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let stdout = '';
  const take = (d: Buffer, out: boolean): void => {
    const s = d.toString();
    if (out) stdout += s;
    if (log.length < LOG_LIMIT) log += s;
  };
  child.stdout.on('data', (d: Buffer) => take(d, true));
  child.stderr.on('data', (d: Buffer) => take(d, false));
  return new Promise<MainResult>((ok) => {
    child.on('error', (err) => ok({ code: -1, stdout, log: `${log}${err.message}\n` }));
    child.on('close', (c) => ok({ code: c ?? -1, stdout, log }));
  });
}

export const processHost: ActionHost = {
  kind: 'process',
  runMain: (main, env, cwd) => spawnProgram(process.execPath, [main], env, cwd),
  close: async () => {},
};

/**
 * A script of this folder, compiled: beside this module once built; when this module runs from the
 * TypeScript sources (vitest), the package's compiled copy (`npm run build:ts` makes it).
 */
export function compiledScript(name: string): string {
  const beside = fileURLToPath(new URL(`./${name}`, import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL(`../../dist/workflow/${name}`, import.meta.url));
}

const WORKER_FILE = compiledScript('action-worker.js');

interface Slot {
  worker: Worker;
  pending: Map<number, (r: MainResult) => void>;
  busy: boolean;
}

/** A pool of warm worker threads (one step at a time per thread); CommonJS mains are spawned. */
export class WorkerActionHost implements ActionHost {
  readonly kind = 'worker' as const;
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;

  constructor(private readonly size = 1) {}

  async runMain(main: string, env: Record<string, string>, cwd: string, opts: { esm?: boolean } = {}): Promise<MainResult> {
    if (!main.endsWith('.mjs') && !opts.esm) return processHost.runMain(main, env, cwd);
    const slot = await this.acquire();
    try {
      const id = this.nextId++;
      const reply = new Promise<MainResult>((ok) => slot.pending.set(id, ok));
      slot.worker.ref();
      slot.worker.postMessage({ id, main, env, cwd } satisfies StepRequest);
      const r = await reply;
      return { ...r, log: r.log.length > LOG_LIMIT ? r.log.slice(0, LOG_LIMIT) : r.log };
    } finally {
      slot.worker.unref();
      this.release(slot);
    }
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      const free = this.slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      if (this.slots.length < this.size) {
        const slot = this.spawn();
        slot.busy = true;
        return slot;
      }
      await new Promise<void>((ok) => this.waiting.push(ok));
    }
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.waiting.shift()?.();
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_FILE, { stdout: false, stderr: false });
    const slot: Slot = { worker, pending: new Map(), busy: false };
    worker.unref();
    worker.on('message', (r: StepReply) => {
      const done = slot.pending.get(r.id);
      slot.pending.delete(r.id);
      done?.({ code: r.code, stdout: r.stdout, log: r.log });
    });
    // A step that crashes its thread (an uncaught error after it returned, process.exit) fails
    // that step; the slot is replaced by a fresh thread for the next one.
    const lost = (why: string, code = 1): void => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const done of slot.pending.values()) done({ code, stdout: '', log: `${why}\n` });
      slot.pending.clear();
    };
    worker.on('error', (err) => lost(`the action's thread failed: ${err.stack ?? err.message}`));
    worker.on('exit', (code) => lost(`the action exited with code ${code}`, code));
    this.slots.push(slot);
    return slot;
  }

  async close(): Promise<void> {
    const all = this.slots.splice(0);
    await Promise.all(all.map((s) => s.worker.terminate()));
  }
}

export function createActionHost(kind: ActionHostKind, size?: number): ActionHost {
  return kind === 'worker' ? new WorkerActionHost(size) : processHost;
}
