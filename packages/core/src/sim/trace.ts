/** One row of a commit trace in the format of examples/verosuite-commit-trace.tsv (see examples/README.md). */
export interface TraceRow {
  readonly sha: string;
  readonly committerEpoch: number;
  readonly authorId: string;
  readonly filesChanged: number;
  readonly kind: string;
  readonly prNumbers: readonly number[];
  readonly branchTips: readonly string[];
  readonly subject: string;
  /** Full commit message, when known (a git history); the trace has the subject only. */
  readonly message?: string;
  /** The branch the commit was pushed to, when known (a git history); else derived from PR and tip. */
  readonly branch?: string;
  /** Committer date with its original offset (ISO-8601), when known. */
  readonly committerDate?: string;
  /** Author date with its original offset (ISO-8601), when known. */
  readonly authorDate?: string;
}

const REQUIRED = ['sha', 'committer_epoch', 'author_id', 'files_changed', 'kind', 'pr_number', 'branch_tip', 'subject'] as const;

export class TraceError extends Error {}

/** Parses the TSV; errors name the line and column. */
export function parseTrace(text: string, file: string): TraceRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const col: Record<string, number> = {};
  for (const name of REQUIRED) {
    const i = header.indexOf(name);
    if (i < 0) throw new TraceError(`${file}:1: missing column "${name}" (header has: ${header.join(', ')})`);
    col[name] = i;
  }
  const rows: TraceRow[] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n];
    if (!line) continue;
    const cells = line.split('\t');
    const get = (name: (typeof REQUIRED)[number]): string => cells[col[name] ?? -1] ?? '';
    const epoch = Number(get('committer_epoch'));
    if (!Number.isInteger(epoch) || epoch <= 0) throw new TraceError(`${file}:${n + 1}: committer_epoch "${get('committer_epoch')}" is not unix seconds`);
    rows.push({
      sha: get('sha'),
      committerEpoch: epoch,
      authorId: get('author_id'),
      filesChanged: Number(get('files_changed')) || 0,
      kind: get('kind'),
      prNumbers: get('pr_number').split(',').filter(Boolean).map(Number).filter(Number.isInteger),
      branchTips: get('branch_tip').split(',').filter(Boolean),
      subject: get('subject'),
    });
  }
  return rows;
}

/** Auto-PR pushes of the trace in time order (the rows the simulation replays). */
export function autoPrPushes(rows: readonly TraceRow[]): TraceRow[] {
  return rows.filter((r) => r.kind === 'auto_pr').sort((a, b) => a.committerEpoch - b.committerEpoch || (a.sha < b.sha ? -1 : 1));
}

/** Number of bursts when a gap of more than `idleMinutes` starts a new one (the data README's measure). */
export function countBursts(rows: readonly TraceRow[], idleMinutes: number): number {
  let bursts = 0;
  let last = -Infinity;
  for (const r of rows) {
    if (r.committerEpoch - last > idleMinutes * 60) bursts += 1;
    last = r.committerEpoch;
  }
  return bursts;
}
