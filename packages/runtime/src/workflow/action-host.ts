// How a node action's `runs.main` is executed by the local workflow runner.
//
// 'process' (default) does what the GitHub runner does: a new `node main` process per step
// (https://docs.github.com/en/actions/sharing-automations/creating-actions/creating-a-javascript-action).
// 'worker' keeps one thread with the action's modules already compiled and runs each
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
  /**
   * `esm`: the main is an ES module even without .mjs (this package's compiled scripts). `node`: the
   * node binary a new process uses (node-binary.ts picks it from `runs.using`); a warm thread always
   * runs under the current node.
   */
  runMain(main: string, env: Record<string, string>, cwd: string, opts?: RunMainOptions): Promise<MainResult>;
  close(): Promise<void>;
}

export interface RunMainOptions {
  readonly esm?: boolean;
  readonly node?: string;
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
  runMain: (main, env, cwd, opts) => spawnProgram(opts?.node ?? process.execPath, [main], env, cwd),
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

/**
 * One warm worker thread running one step at a time (the runner's queue runs one step at a time
 * anyway); CommonJS mains are spawned.
 */
export class WorkerActionHost implements ActionHost {
  readonly kind = 'worker' as const;
  private worker: Worker | null = null;
  /** The step in flight: settled by the thread's reply, or by the thread's end. */
  private pending: ((r: MainResult) => void) | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  runMain(main: string, env: Record<string, string>, cwd: string, opts: RunMainOptions = {}): Promise<MainResult> {
    if (!main.endsWith('.mjs') && !opts.esm) return processHost.runMain(main, env, cwd, opts);
    const run = this.tail.then(() => this.send({ id: this.nextId++, main, env, cwd }));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async send(req: StepRequest): Promise<MainResult> {
    const worker = this.worker ?? this.start();
    worker.ref();
    try {
      const r = await new Promise<MainResult>((ok) => {
        this.pending = ok;
        worker.postMessage(req);
      });
      return { ...r, log: r.log.length > LOG_LIMIT ? r.log.slice(0, LOG_LIMIT) : r.log };
    } finally {
      this.pending = null;
      worker.unref();
    }
  }

  private start(): Worker {
    const worker = new Worker(WORKER_FILE, { stdout: false, stderr: false });
    worker.unref();
    worker.on('message', (r: StepReply) => this.pending?.({ code: r.code, stdout: r.stdout, log: r.log }));
    // A step that crashes its thread (an uncaught error after it returned, process.exit) fails
    // that step; the next step starts a fresh thread.
    const lost = (why: string, code = 1): void => {
      if (this.worker === worker) this.worker = null;
      this.pending?.({ code, stdout: '', log: `${why}\n` });
    };
    worker.on('error', (err) => lost(`the action's thread failed: ${err.stack ?? err.message}`));
    worker.on('exit', (code) => lost(`the action exited with code ${code}`, code));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}

export function createActionHost(kind: ActionHostKind): ActionHost {
  return kind === 'worker' ? new WorkerActionHost() : processHost;
}
