import type { SessionEvent } from '@auto-pr-sessions/domain';

/** What a `scored` mark says about the score, read defensively (the scorer's format may change). */
export interface ScoreRecord {
  readonly sessionId: string;
  readonly at: string;
  readonly runId: string | null;
  readonly score: number | null;
  readonly decision: string | null;
  /** The scale and bands the score was given on (compute-reward-batched records them); null when not recorded. */
  readonly scale: ScoreScale | null;
}

/** A score's scale and decision bands, as the scorer recorded them. */
export interface ScoreScale {
  readonly min: number;
  readonly max: number;
  readonly blockBelow: number;
  readonly approveAbove: number;
}

function finite(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 64) : null;
}

const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function scaleOf(o: Record<string, unknown>): ScoreScale | null {
  const scale = record(o['scale']);
  const bands = record(o['bands']);
  const min = finite(scale['min']);
  const max = finite(scale['max']);
  const blockBelow = finite(bands['blockBelow']);
  const approveAbove = finite(bands['approveAbove']);
  return min === null || max === null || blockBelow === null || approveAbove === null || min >= max ? null : { min, max, blockBelow, approveAbove };
}

function fromObject(o: Record<string, unknown>): { score: number | null; decision: string | null; scale: ScoreScale | null } {
  const nested = record(o['reward']);
  return {
    score: finite(o['score']) ?? finite(o['final_score']) ?? finite(nested['score']),
    decision: text(o['decision']) ?? text(nested['decision']),
    scale: scaleOf(o),
  };
}

/**
 * Score and decision of a `scored` mark: `inputs.score` / `inputs.decision` when present, else
 * `inputs.detail` as JSON (`{"score": 4.5, "decision": "approve"}`), else `score 4.5` / `decision:
 * approve` in its text. Anything else gives nulls, never an error.
 */
export function scoreOf(event: SessionEvent): ScoreRecord {
  const inputs = event.inputs ?? {};
  let score = finite(inputs['score']);
  let decision = text(inputs['decision']);
  let scale: ScoreScale | null = null;
  const detail = typeof inputs['detail'] === 'string' ? inputs['detail'] : '';
  if ((score === null || decision === null) && detail) {
    let parsed: unknown = null;
    if (/^\s*\{/.test(detail)) {
      try {
        parsed = JSON.parse(detail);
      } catch {
        parsed = null;
      }
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const o = fromObject(parsed as Record<string, unknown>);
      score ??= o.score;
      decision ??= o.decision;
      scale = o.scale;
    } else {
      const s = /\bscore\b[^-+\d]{0,12}([-+]?\d+(?:\.\d+)?)/i.exec(detail);
      if (s) score ??= finite(s[1]);
      const d = /\bdecision\b\W{0,3}([A-Za-z_-]{2,32})/i.exec(detail);
      if (d) decision ??= text(d[1]);
    }
  }
  return { sessionId: event.sessionId ?? '', at: event.at, runId: inputs['run_id'] ?? null, score, decision, scale };
}

/** The first `scored` mark of each session in a stream's events (the fold keeps the first too). */
export function scoresByStream(events: readonly SessionEvent[]): Map<string, ScoreRecord> {
  const out = new Map<string, ScoreRecord>();
  for (const e of events) {
    if (e.kind !== 'scored' || !e.sessionId || out.has(e.sessionId)) continue;
    out.set(e.sessionId, scoreOf(e));
  }
  return out;
}
