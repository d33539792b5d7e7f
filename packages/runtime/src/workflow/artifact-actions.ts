// actions/upload-artifact and actions/download-artifact (v4+), emulated with the toolkit client they are
// built on (@actions/artifact) against the local runtime: an artifact uploaded by one job of a run can
// be downloaded by name by a later job of the same run, as on GitHub.
// https://github.com/actions/upload-artifact#inputs, https://github.com/actions/download-artifact#inputs
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import { compiledScript, type ActionHost } from './action-host.js';

const ARTIFACT_STEP = compiledScript('artifact-step.js');

export interface ArtifactStepResult {
  ok: boolean;
  outputs: Record<string, string>;
  log: string;
}

/** The files matching upload-artifact's `path` lines (globs; `!` excludes) and their root (least common ancestor of the search paths). */
export function uploadFiles(workspace: string, pathInput: string): { files: string[]; root: string } {
  const lines = pathInput.split('\n').map((l) => l.trim()).filter(Boolean);
  const include = lines.filter((l) => !l.startsWith('!'));
  const exclude = lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1));
  const files = new Set<string>();
  for (const pattern of include) {
    for (const f of globSync(pattern, { cwd: workspace, absolute: true, dot: true, onlyFiles: true, ignore: exclude })) files.add(f);
  }
  const searchRoots = include.map((p) => {
    const abs = isAbsolute(p) ? p : join(workspace, p);
    const literal = abs.split(sep).findIndex((part) => /[*?[\]{}]/.test(part));
    const base = literal < 0 ? abs : abs.split(sep).slice(0, literal).join(sep);
    return files.has(base) ? dirname(base) : base;
  });
  let root = searchRoots[0] ?? workspace;
  for (const r of searchRoots.slice(1)) while (relative(root, r).startsWith('..')) root = dirname(root);
  return { files: [...files].sort(), root: resolve(root) };
}

export async function runArtifactClient(spec: Record<string, unknown>, env: Record<string, string>, cwd: string, host: ActionHost): Promise<ArtifactStepResult> {
  const r = await host.runMain(ARTIFACT_STEP, { ...env, APS_ARTIFACT_SPEC: JSON.stringify(spec) }, cwd, { esm: true });
  const line = r.stdout.split('\n').find((l) => l.startsWith('APS_ARTIFACT_RESULT '));
  const outputs = line ? (JSON.parse(line.slice('APS_ARTIFACT_RESULT '.length)) as Record<string, string>) : {};
  return { ok: r.code === 0 && line !== undefined, outputs, log: r.log.split('\n').filter((l) => !l.startsWith('APS_ARTIFACT_RESULT ')).join('\n') };
}
