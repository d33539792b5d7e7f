// The body of an emulated upload-artifact / download-artifact step, run like an action's main (a
// process per step, or a warm thread): @actions/artifact, the client those actions are built on,
// with the spec in APS_ARTIFACT_SPEC; the outputs come back on one APS_ARTIFACT_RESULT line.
const { DefaultArtifactClient } = await import('@actions/artifact');

interface Spec {
  op: 'upload' | 'download';
  name: string;
  files?: string[];
  root?: string;
  retentionDays?: number;
  path?: string;
}

const spec = JSON.parse(process.env['APS_ARTIFACT_SPEC'] ?? '{}') as Spec;
const client = new DefaultArtifactClient();
let out: Record<string, string>;
if (spec.op === 'upload') {
  const r = await client.uploadArtifact(spec.name, spec.files ?? [], spec.root ?? '', spec.retentionDays ? { retentionDays: spec.retentionDays } : {});
  out = { 'artifact-id': String(r.id ?? ''), 'artifact-digest': r.digest ?? '' };
} else {
  const { artifact } = await client.getArtifact(spec.name);
  const r = await client.downloadArtifact(artifact.id, spec.path ? { path: spec.path } : {});
  out = { 'download-path': r.downloadPath ?? spec.path ?? '' };
}
process.stdout.write(`APS_ARTIFACT_RESULT ${JSON.stringify(out)}\n`);

export {};
