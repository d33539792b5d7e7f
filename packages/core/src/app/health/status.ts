import type { SessionFacts } from '../../analytics/facts.js';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';
export type CheckLevel = 'ok' | 'degraded' | 'unhealthy';

/** Configurable thresholds (inputs); defaults are the original monitor's where it had one. */
export interface HealthThresholds {
  /** Orphaned or stuck sessions closed out within the window: above it, unhealthy (original: 5). */
  readonly maxOrphaned: number;
  /** Sessions whose scoring failed within the window: above it, unhealthy. */
  readonly maxFailedScoring: number;
  /** Mean duration of sessions completed within the window, hours: above it, degraded (original: 2). */
  readonly maxAvgDurationHours: number;
  /** Largest state snapshot, MB: above it, degraded (original: 1); above 8 MB loaders refuse it: unhealthy. */
  readonly maxStateMb: number;
  /** Cache usage as a share of the repository cap, percent: at or above it, degraded; at the cap, unhealthy. */
  readonly cacheWarnPercent: number;
  /** Repository cache cap in bytes (GitHub: 10 GB unless raised). */
  readonly cacheCapBytes: number;
  /** Window for the counts above, hours. */
  readonly windowHours: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  maxOrphaned: 5,
  maxFailedScoring: 2,
  maxAvgDurationHours: 2,
  maxStateMb: 1,
  cacheWarnPercent: 80,
  cacheCapBytes: 10 * 1024 ** 3,
  windowHours: 24,
};

/** Snapshots larger than this are refused by every loader (adapters/store/snapshot.ts). */
const REFUSED_SNAPSHOT_MB = 8;

export interface Check {
  readonly name: string;
  readonly value: string;
  readonly threshold: string;
  readonly level: CheckLevel;
  /** One line for the alert list, in the original's words where it had them. */
  readonly alert: string | null;
}

export interface HealthInputs {
  readonly facts: readonly SessionFacts[];
  readonly now: string;
  /** Close-outs made by this sweep (already in `facts` when their marks were written). */
  readonly largestSnapshotBytes: number;
  readonly cacheUsageBytes: number | null;
  readonly unreadableStreams: number;
  readonly staleStreams: number;
  /** Problems that stop sessions from being scored (scoring workflow missing, no permission). */
  readonly blockers: readonly string[];
}

const mb = (bytes: number): number => bytes / 1024 / 1024;

/** Health checks and the overall status (the worst level). Pure. */
export function evaluateHealth(i: HealthInputs, t: HealthThresholds): { status: HealthStatus; checks: Check[]; alerts: string[] } {
  const since = new Date(Date.parse(i.now) - t.windowHours * 3_600_000).toISOString();
  const inWindow = (f: SessionFacts) => f.endedAt !== null && f.endedAt >= since;
  const orphaned = i.facts.filter((f) => (f.closeOut?.category === 'orphaned' || f.closeOut?.category === 'stuck') && inWindow(f)).length;
  const failed = i.facts.filter((f) => f.closeOut?.category === 'scoring_failed' && inWindow(f)).length;
  const completed = i.facts.filter((f) => (f.status === 'scored' || f.status === 'due') && inWindow(f));
  const avgHours = completed.length === 0 ? null : completed.reduce((n, f) => n + f.durationMinutes, 0) / completed.length / 60;
  const checks: Check[] = [];
  const w = `${t.windowHours} h`;
  checks.push({
    name: 'orphaned sessions',
    value: `${orphaned} in the last ${w}`,
    threshold: `> ${t.maxOrphaned}`,
    level: orphaned > t.maxOrphaned ? 'unhealthy' : orphaned > 0 ? 'degraded' : 'ok',
    alert: orphaned > 0 ? `Orphaned sessions: ${orphaned} (threshold: ${t.maxOrphaned})` : null,
  });
  checks.push({
    name: 'scoring failed',
    value: `${failed} in the last ${w}`,
    threshold: `> ${t.maxFailedScoring}`,
    level: failed > t.maxFailedScoring ? 'unhealthy' : failed > 0 ? 'degraded' : 'ok',
    alert: failed > 0 ? `Sessions whose scoring failed: ${failed} (threshold: ${t.maxFailedScoring})` : null,
  });
  checks.push({
    name: 'average duration',
    value: avgHours === null ? `no session completed in the last ${w}` : `${avgHours.toFixed(1)}h over ${completed.length} sessions`,
    threshold: `> ${t.maxAvgDurationHours}h`,
    level: avgHours !== null && avgHours > t.maxAvgDurationHours ? 'degraded' : 'ok',
    alert: avgHours !== null && avgHours > t.maxAvgDurationHours ? `Average duration: ${avgHours.toFixed(1)}h (threshold: ${t.maxAvgDurationHours}h)` : null,
  });
  const largest = mb(i.largestSnapshotBytes);
  checks.push({
    name: 'state size',
    value: `largest snapshot ${largest.toFixed(2)}MB`,
    threshold: `> ${t.maxStateMb}MB`,
    level: largest > REFUSED_SNAPSHOT_MB ? 'unhealthy' : largest > t.maxStateMb ? 'degraded' : 'ok',
    alert: largest > t.maxStateMb ? `State file size: ${largest.toFixed(2)}MB (threshold: ${t.maxStateMb}MB)` : null,
  });
  if (i.cacheUsageBytes !== null) {
    const pct = (i.cacheUsageBytes / t.cacheCapBytes) * 100;
    checks.push({
      name: 'cache pressure',
      value: `${mb(i.cacheUsageBytes).toFixed(1)}MB, ${pct.toFixed(1)}% of the ${(t.cacheCapBytes / 1024 ** 3).toFixed(0)}GB cap`,
      threshold: `≥ ${t.cacheWarnPercent}%`,
      level: pct >= 100 ? 'unhealthy' : pct >= t.cacheWarnPercent ? 'degraded' : 'ok',
      alert: pct >= t.cacheWarnPercent ? `Cache usage: ${pct.toFixed(1)}% of the repository cap (threshold: ${t.cacheWarnPercent}%); state caches are being evicted, loads fall back to artifacts` : null,
    });
  }
  checks.push({
    name: 'unreadable state',
    value: `${i.unreadableStreams} streams`,
    threshold: '> 0',
    level: i.unreadableStreams > 0 ? 'degraded' : 'ok',
    alert: i.unreadableStreams > 0 ? `Unreadable session state: ${i.unreadableStreams} streams (see the report)` : null,
  });
  checks.push({
    name: 'sweep coverage',
    value: `${i.staleStreams} streams not read in this run`,
    threshold: '> 0',
    level: i.staleStreams > 0 ? 'degraded' : 'ok',
    alert: i.staleStreams > 0 ? `Sweep incomplete: ${i.staleStreams} streams left for the next run (request budget)` : null,
  });
  checks.push({
    name: 'scoring hand-off',
    value: i.blockers.length === 0 ? 'working' : i.blockers.join('; '),
    threshold: 'any failure',
    level: i.blockers.length > 0 ? 'unhealthy' : 'ok',
    alert: i.blockers.length > 0 ? `Sessions cannot be handed to scoring: ${i.blockers.join('; ')}` : null,
  });
  const status: HealthStatus = checks.some((c) => c.level === 'unhealthy') ? 'unhealthy' : checks.some((c) => c.level === 'degraded') ? 'degraded' : 'healthy';
  return { status, checks, alerts: checks.flatMap((c) => (c.alert ? [c.alert] : [])) };
}
