import { vi } from 'vitest';
import { run } from '../../packages/cli/src/program.js';

/** Runs the CLI in process and captures what it prints (stdout, stderr) and its exit code. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  process.exitCode = undefined;
  try {
    return { code: await run(['node', 'auto-pr-sessions', ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}
