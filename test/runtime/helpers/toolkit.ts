// Parent side of toolkit-worker.mjs: a long-lived child running the real toolkit clients, plus
// helpers for per-run workspaces. Output of the child (::debug:: lines etc.) is kept for diagnosis.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./toolkit-worker.mjs', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface WorkerReply<T> {
  ok: boolean;
  result?: T;
  error?: { name: string; message: string };
  ms: number;
}

export class Toolkit {
  private nextId = 1;
  private readonly waiting = new Map<number, (r: WorkerReply<unknown>) => void>();
  /** Everything the child printed (toolkit log lines: ::debug::, ::warning::, [command]...). */
  output = '';

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id?: number } & WorkerReply<unknown>) => {
      if (m.id !== undefined) {
        this.waiting.get(m.id)?.(m);
        this.waiting.delete(m.id);
      }
    });
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /** Forks a worker whose @actions/github talks to `apiUrl` (read once at import). */
  static async start(apiUrl: string): Promise<Toolkit> {
    const child = fork(WORKER, [], {
      cwd: REPO_ROOT,
      silent: true,
      env: { ...process.env, GITHUB_API_URL: apiUrl, NO_PROXY: '127.0.0.1,localhost', RUNNER_DEBUG: '' },
    });
    const tk = new Toolkit(child);
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`toolkit worker exited (${code}): ${tk.output}`)));
    });
    return tk;
  }

  /** Runs one toolkit call in the child with exactly this step environment and cwd. */
  call<T = unknown>(op: string, env: Record<string, string>, cwd: string, args: Record<string, unknown>): Promise<WorkerReply<T>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (r: WorkerReply<unknown>) => void);
      this.child.send({ id, op, env, cwd, args });
    });
  }

  /** Like call() but throws when the toolkit threw. */
  async ok<T = unknown>(op: string, env: Record<string, string>, cwd: string, args: Record<string, unknown>): Promise<T> {
    const r = await this.call<T>(op, env, cwd, args);
    if (!r.ok) throw new Error(`${op} failed: ${r.error?.name}: ${r.error?.message}`);
    return r.result as T;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill();
    await exited;
  }
}

/** A throwaway root with `workspace/` and `temp/` directories, as a runner gives each job. */
export class Scratch {
  readonly root = mkdtempSync(join(tmpdir(), 'apr-runtime-'));

  job(name: string): { workspace: string; tempDir: string } {
    const workspace = join(this.root, name, 'workspace');
    const tempDir = join(this.root, name, 'temp');
    mkdirSync(workspace, { recursive: true });
    mkdirSync(tempDir, { recursive: true });
    return { workspace, tempDir };
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
