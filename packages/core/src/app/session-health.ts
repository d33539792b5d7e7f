import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { StateStore } from '../adapters/store/types.js';
import { allFacts } from '../analytics/facts.js';
import { analyticsMarkdown } from '../analytics/markdown.js';
import { computeAnalytics } from '../analytics/metrics.js';
import type { AnalyticsReport } from '../analytics/types.js';
import { writeDashboard } from '../dashboard/build.js';
import type { ReaderOptions } from './health/reader.js';
import { syncAlertIssue } from './health/alert.js';
import { RequestBudget } from './health/budget.js';
import { loadIndex, saveIndex } from './health/index-store.js';
import type { HealthReport } from './health/report.js';
import { alertBody, healthMarkdown } from './health/report.js';
import type { HealthThresholds } from './health/status.js';
import { DEFAULT_THRESHOLDS, evaluateHealth } from './health/status.js';
import type { ScoringMode } from './health/sweep.js';
import { indexStates, runSweep } from './health/sweep.js';
import type { ActionIO, RunEnv } from './ports.js';
import { UserError, booleanInput, loadActionConfig, wire } from './setup.js';

export interface HealthResult {
  readonly report: HealthReport;
  readonly analytics: AnalyticsReport;
  readonly files: { readonly report: string; readonly analytics: string; readonly dashboard: string };
  readonly restCalls: number;
}

function numberInput(io: ActionIO, name: string, fallback: number, opts: { min?: number; integer?: boolean } = {}): number {
  const raw = io.getInput(name);
  if (raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || n < (opts.min ?? 0)) {
    throw new UserError(`input ${name}: expected a ${opts.integer ? 'whole ' : ''}number${opts.min !== undefined ? ` of at least ${opts.min}` : ''}, found "${raw}"`);
  }
  return n;
}

function thresholds(io: ActionIO): HealthThresholds {
  const d = DEFAULT_THRESHOLDS;
  return {
    maxOrphaned: numberInput(io, 'max-orphaned', d.maxOrphaned, { integer: true }),
    maxFailedScoring: numberInput(io, 'max-failed-scoring', d.maxFailedScoring, { integer: true }),
    maxAvgDurationHours: numberInput(io, 'max-avg-duration-hours', d.maxAvgDurationHours),
    maxStateMb: numberInput(io, 'max-state-mb', d.maxStateMb),
    cacheWarnPercent: numberInput(io, 'cache-warn-percent', d.cacheWarnPercent),
    cacheCapBytes: numberInput(io, 'cache-cap-gb', d.cacheCapBytes / 1024 ** 3, { min: 0.001 }) * 1024 ** 3,
    windowHours: numberInput(io, 'window-hours', d.windowHours, { min: 1 }),
  };
}

/** https://github.com for api.github.com, the host for GHES (…/api/v3). */
function serverUrl(apiUrl: string): string {
  const fromEnv = process.env['GITHUB_SERVER_URL'];
  if (fromEnv) return fromEnv.replace(/\/$/, '');
  if (/^https:\/\/api\.github\.com\/?$/.test(apiUrl)) return 'https://github.com';
  return apiUrl.replace(/\/api\/v3\/?$/, '').replace(/\/$/, '');
}

/**
 * session-health: the scheduled sweep. Gets idle unscored sessions scored, closes out stuck,
 * orphaned and failed ones with a recorded reason, reports unreadable state and cache pressure,
 * keeps one alert issue while unhealthy, and publishes analytics (JSON, job summary, dashboard).
 */
export async function runSessionHealth(io: ActionIO, env: RunEnv, overrides: { store?: StateStore; reader?: Pick<ReaderOptions, 'client'> } = {}): Promise<HealthResult> {
  const config = await loadActionConfig(io, env);
  const mode = (io.getInput('scoring') || 'dispatch') as ScoringMode;
  if (!['dispatch', 'batch', 'none'].includes(mode)) throw new UserError(`input scoring: expected dispatch, batch or none, found "${mode}"`);
  const scoringWorkflow = io.getInput('scoring-workflow') || 'reward.yml';
  const limit = numberInput(io, 'request-budget', 60, { integer: true, min: 10 });
  const maxAttempts = numberInput(io, 'max-scoring-attempts', 3, { integer: true, min: 1 });
  const stuckHours = numberInput(io, 'stuck-hours', 24, { min: 1 });
  const limits = thresholds(io);
  const alertOn = booleanInput(io, 'alert-issue', true);
  const label = io.getInput('alert-label') || 'auto-pr-sessions-health';
  const outDirInput = io.getInput('output-dir') || 'auto-pr-sessions-health';
  const outDir = isAbsolute(outDirInput) ? outDirInput : join(env.workspace, outDirInput);
  const artifactInput = io.getInput('dashboard-artifact') || 'auto-pr-sessions-dashboard';
  const artifactName = artifactInput === 'none' ? '' : artifactInput;
  const retention = numberInput(io, 'retention-days', 30, { integer: true, min: 1 });
  const token = io.getInput('token') || process.env['GITHUB_TOKEN'] || '';
  const { github, store, restCalls } = wire(io, env, config, overrides.store ? { store: overrides.store } : {});
  if (!github) throw new UserError('session-health needs a token (input token, default github.token) to list and read session state');
  const budget = new RequestBudget(limit, restCalls);
  const repository = `${env.owner}/${env.repo}`;
  const server = serverUrl(env.apiUrl);

  const loc = { github, owner: env.owner, repo: env.repo, token, workspace: env.workspace, tempDir: env.tempDir, runId: env.runId, runAttempt: env.runAttempt, retentionDays: retention, log: io.log, defaultBranch: env.defaultRef.replace(/^refs\/heads\//, '') };
  const loaded = await loadIndex(loc, budget);
  const index = loaded.index;
  const stuckMinutes = config.triggers.max_duration_minutes > 0 ? config.triggers.max_duration_minutes : stuckHours * 60;
  const sweep = await runSweep(
    {
      github, store, owner: env.owner, repo: env.repo, token, tempDir: env.tempDir, runId: env.runId, runAttempt: env.runAttempt, actor: env.actor,
      defaultBranch: env.defaultRef.replace(/^refs\/heads\//, ''), config, now: env.now, budget, log: io.log, mode, scoringWorkflow,
      maxScoringAttempts: maxAttempts, stuckMinutes, ...(overrides.reader ? { reader: overrides.reader } : {}),
    },
    index,
  );

  const states = indexStates(index);
  const facts = allFacts(states, config, env.now);
  const stale = Object.values(index.streams).filter((s) => s.unread.length > 0).length;
  const health = evaluateHealth(
    {
      facts, now: env.now, largestSnapshotBytes: sweep.largestSnapshotBytes, cacheUsageBytes: sweep.cacheUsage?.bytes ?? null,
      unreadableStreams: sweep.unreadable.filter((u) => !u.rebuilt).length + sweep.cacheOnly.length, staleStreams: stale, blockers: sweep.blockers,
    },
    limits,
  );
  const byStatus: Record<string, number> = { active: 0, 'idle-warning': 0, due: 0, scored: 0, abandoned: 0 };
  for (const f of facts) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  const runUrl = `${server}/${repository}/actions/runs/${env.runId}`;
  let report: HealthReport = {
    schemaVersion: 1,
    generatedAt: env.now,
    repository,
    runId: env.runId,
    status: health.status,
    alerts: health.alerts,
    checks: health.checks,
    scoringMode: mode,
    sessions: { total: facts.length, byStatus },
    sweep: {
      streamsKnown: Object.keys(index.streams).length,
      streamsReadThisRun: sweep.streamsReadThisRun,
      streamsStale: stale,
      indexSource: loaded.source,
      artifactPages: sweep.artifactPages,
      cachePages: sweep.cachePages,
      listingComplete: sweep.listingComplete,
      unreadable: sweep.unreadable,
      cacheOnly: sweep.cacheOnly,
    },
    actions: sweep.actions,
    waiting: sweep.waiting,
    cache: { usageBytes: sweep.cacheUsage?.bytes ?? null, count: sweep.cacheUsage?.count ?? null, capBytes: limits.cacheCapBytes },
    budget: { limit, used: budget.used(), exhausted: budget.exhausted, skipped: budget.skipped },
    alertIssue: null,
    warnings: [...loaded.warnings, ...sweep.warnings],
  };
  if (alertOn) {
    const title = `Auto-PR session health: ${health.status}`;
    const outcome = await syncAlertIssue({
      github, owner: env.owner, repo: env.repo, label, status: health.status, title, body: alertBody(report, runUrl), budget,
      closingComment: `Sessions are healthy again as of ${env.now} ([run](${runUrl})): every check passed, so this alert is closed. A later problem opens a new alert issue with the \`${label}\` label.`,
    });
    report = { ...report, alertIssue: outcome };
    if (outcome.action === 'failed') io.log.warn(outcome.error);
  }

  const analytics = computeAnalytics({
    states, config, now: env.now, repository, serverUrl: server, scoringWorkflow,
    runDurations: sweep.runDurations, assumedScoringMinutes: numberInput(io, 'scoring-run-minutes', 10),
    coverage: { streams: Object.keys(index.streams).length, streamsRead: states.length, streamsStale: stale, streamsUnreadable: report.sweep.unreadable.filter((u) => !u.rebuilt).length },
  });
  report = { ...report, budget: { limit, used: budget.used(), exhausted: budget.exhausted, skipped: budget.skipped } };
  const files = await writeDashboard(outDir, analytics);
  const reportPath = join(outDir, 'health-report.json');
  await mkdir(outDir, { recursive: true });
  await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);

  index.updatedAt = env.now;
  index.runId = env.runId;
  index.lastStatus = health.status;
  const saved = await saveIndex(loc, index, loaded.cacheKey, budget);
  for (const w of saved.warnings) io.log.warn(w);
  if (artifactName) {
    try {
      const { DefaultArtifactClient } = await import('@actions/artifact');
      await new DefaultArtifactClient().uploadArtifact(artifactName, [files.html, files.json, reportPath], outDir, { retentionDays: retention });
    } catch (err) {
      io.log.warn(`dashboard artifact ${artifactName} not uploaded: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  for (const w of report.warnings) io.log.warn(w);
  io.log.info(`session health ${health.status}: ${facts.length} sessions in ${report.sweep.streamsKnown} streams, ${sweep.actions.length} actions, ${budget.used()} REST calls`);
  io.setOutput('status', health.status);
  io.setOutput('alert-count', String(health.alerts.length));
  io.setOutput('report-path', reportPath);
  io.setOutput('analytics-path', files.json);
  io.setOutput('dashboard-path', files.html);
  io.setOutput('sessions', String(facts.length));
  io.setOutput('due-sessions', JSON.stringify(sweep.handedOut.map((h) => h.sessionId)));
  io.setOutput('dispatched', String(sweep.actions.filter((a) => a.result === 'dispatched').length));
  io.setOutput('closed-out', String(sweep.actions.filter((a) => a.result === 'closed-out').length));
  io.setOutput('rest-calls', String(budget.used()));
  io.setOutput('budget-exhausted', String(budget.exhausted));
  io.setOutput('issue-number', report.alertIssue && report.alertIssue.number !== null ? String(report.alertIssue.number) : '');
  await io.appendSummary(`${healthMarkdown(report)}\n\n${analyticsMarkdown(analytics, { heading: '###' })}\n`);
  if (health.status === 'unhealthy' && booleanInput(io, 'fail-on-unhealthy', false)) io.setFailed(`session health is unhealthy: ${health.alerts.join('; ')}`);
  return { report, analytics, files: { report: reportPath, analytics: files.json, dashboard: files.html }, restCalls: budget.used() };
}
