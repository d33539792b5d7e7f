// The worker side of the warm action host (action-host.ts): a long-lived thread that runs one
// action step at a time by importing the action's ESM `runs.main` afresh (a new module instance per
// step, so its top-level code runs again) while the modules it imports (the shared bundle and its
// chunks) stay compiled in this thread. Each step sees exactly the environment, working directory
// and exit code a spawned `node main.mjs` would: process.env is replaced, process.cwd() answers the
// step's directory (workers cannot chdir), and stdout/stderr are captured per step.
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';

export interface StepRequest {
  id: number;
  main: string;
  env: Record<string, string>;
  cwd: string;
}

export interface StepReply {
  id: number;
  code: number;
  /** stdout alone (workflow commands are read from it). */
  stdout: string;
  /** stdout and stderr in the order they were written. */
  log: string;
}

const port = parentPort;
if (!port) throw new Error('action-worker.js runs as a worker thread of the warm action host');

let cwd = process.cwd();
process.cwd = (): string => cwd;
process.chdir = (dir: string): void => {
  cwd = dir;
};

let out: string[] = [];
let log: string[] = [];
const capture =
  (isStdout: boolean) =>
  (chunk: unknown, encodingOrCb?: unknown, cb?: unknown): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    if (isStdout) out.push(text);
    log.push(text);
    const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  };
process.stdout.write = capture(true) as typeof process.stdout.write;
process.stderr.write = capture(false) as typeof process.stderr.write;

port.on('message', (req: StepRequest) => {
  void runStep(req).then((reply) => port.postMessage(reply));
});

async function runStep(req: StepRequest): Promise<StepReply> {
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, req.env);
  // through chdir, not the variable: a module that wraps process.cwd with a cache (graceful-fs
  // does) resets its cache in its chdir wrapper
  process.chdir(req.cwd);
  out = [];
  log = [];
  process.exitCode = undefined;
  let code: number;
  try {
    await import(`${pathToFileURL(req.main).href}?step=${req.id}`);
    const exit = process.exitCode;
    code = exit === undefined ? 0 : Number(exit);
  } catch (e) {
    log.push(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    code = 1;
  }
  process.exitCode = undefined;
  return { id: req.id, code, stdout: out.join(''), log: log.join('') };
}
