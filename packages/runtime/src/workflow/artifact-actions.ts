// actions/upload-artifact and actions/download-artifact (v4+), emulated with the toolkit client they are
// built on (@actions/artifact) against the local runtime: an artifact uploaded by one job of a run can
// be downloaded by name by a later job of the same run, as on GitHub.
// https://github.com/actions/upload-artifact#inputs, https://github.com/actions/download-artifact#inputs
import { spawn } from 'node:child_process';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { globSync } from 'tinyglobby';

/** This package's directory: bare imports in the child script resolve from here. */
const PACKAGE_DIR = new URL('../../', import.meta.url).pathname;

const SCRIPT = `
const { DefaultArtifactClient } = await import('@actions/artifact');
const spec = JSON.parse(process.env.APS_ARTIFACT_SPEC);
const client = new DefaultArtifactClient();
let out;
if (spec.op === 'upload') {
  const r = await client.uploadArtifact(spec.name, spec.files, spec.root, spec.retentionDays ? { retentionDays: spec.retentionDays } : {});
  out = { 'artifact-id': String(r.id ?? ''), 'artifact-digest': r.digest ?? '' };
} else {
  const { artifact } = await client.getArtifact(spec.name);
  const r = await client.downloadArtifact(artifact.id, { path: spec.path });
  out = { 'download-path': r.downloadPath ?? spec.path };
}
process.stdout.write('APS_ARTIFACT_RESULT ' + JSON.stringify(out) + '\\n');
`;

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

export function runArtifactClient(spec: Record<string, unknown>, env: Record<string, string>): Promise<ArtifactStepResult> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: PACKAGE_DIR, env: { ...env, APS_ARTIFACT_SPEC: JSON.stringify(spec) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('close', (code) => {
      const line = log.split('\n').find((l) => l.startsWith('APS_ARTIFACT_RESULT '));
      const outputs = line ? (JSON.parse(line.slice('APS_ARTIFACT_RESULT '.length)) as Record<string, string>) : {};
      ok({ ok: code === 0 && line !== undefined, outputs, log: log.split('\n').filter((l) => !l.startsWith('APS_ARTIFACT_RESULT ')).join('\n') });
    });
  });
}
