// Child process that runs the REAL @actions/cache and @actions/artifact clients for the runtime tests.
// The parent sends { id, op, env, cwd, args }; env and cwd are applied per command (the toolkit reads
// them at call time; GITHUB_API_URL is read at import, so the parent sets it when forking).
// Commands run one at a time because process.env is global; `parallel` runs sub-ops at once with one env.
import process from 'node:process';

const cache = await import('@actions/cache');
const { DefaultArtifactClient } = await import('@actions/artifact');
const artifact = new DefaultArtifactClient();
const baseEnv = { ...process.env };

const ops = {
  saveCache: (a) => cache.saveCache(a.paths, a.key),
  restoreCache: (a) => cache.restoreCache(a.paths, a.key, a.restoreKeys ?? [], a.lookupOnly ? { lookupOnly: true } : undefined),
  uploadArtifact: (a) => artifact.uploadArtifact(a.name, a.files, a.rootDir, a.options ?? {}),
  listArtifacts: (a) => artifact.listArtifacts(a.options ?? {}),
  getArtifact: (a) => artifact.getArtifact(a.name, a.options ?? {}),
  downloadArtifact: (a) => artifact.downloadArtifact(a.id, a.options ?? {}),
  deleteArtifact: (a) => artifact.deleteArtifact(a.name, a.options ?? {}),
  parallel: (a) => Promise.all(a.ops.map((o) => run(o.op, o.args))),
};

function run(op, args) {
  const fn = ops[op];
  if (!fn) throw new Error(`unknown op ${op}`);
  return fn(args);
}

let queue = Promise.resolve();
process.on('message', (msg) => {
  queue = queue.then(async () => {
    process.env = { ...baseEnv, ...msg.env };
    process.chdir(msg.cwd);
    const started = Date.now();
    try {
      const result = await run(msg.op, msg.args);
      process.send({ id: msg.id, ok: true, result: result === undefined ? null : result, ms: Date.now() - started });
    } catch (err) {
      process.send({ id: msg.id, ok: false, error: { name: err?.name, message: err?.message ?? String(err) }, ms: Date.now() - started });
    }
  });
});
process.send({ ready: true });
