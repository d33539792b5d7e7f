// Sandboxes for workflow-runner tests: workflows given as YAML text, run on a virtual clock against a
// fresh in-memory runtime; every sandbox is closed after the test file.
import { afterAll } from 'vitest';
import { loadWorkflow, startWorkflowSandbox, type Sandbox, type SandboxOptions } from '@auto-pr-sessions/runtime';

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

const open: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

export async function sandbox(files: Record<string, string>, opts: Omit<SandboxOptions, 'workflows'> = {}): Promise<Sandbox & { lines: string[] }> {
  const workflows = await Promise.all(Object.entries(files).map(([name, text]) => loadWorkflow(name, text)));
  for (const w of workflows) if (w.errors.length) throw new Error(`${w.path}: ${w.errors.join('; ')}`);
  const lines: string[] = [];
  const sb = await startWorkflowSandbox({ start: T0, log: (l) => lines.push(l), ...opts, workflows });
  open.push(sb);
  return { ...sb, lines };
}

/** Decoded claims of an ACTIONS_RUNTIME_TOKEN. */
export function runtimeClaims(token: string): { ac: { Scope: string; Permission: number }[] } {
  const body = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { ac: string };
  return { ac: JSON.parse(body.ac) as { Scope: string; Permission: number }[] };
}
