import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalyticsReport } from '../analytics/types.js';
import { CHART_JS_SOURCE } from './chartjs.generated.js';
import { renderDashboard } from './template.js';

export interface DashboardFiles {
  readonly dir: string;
  /** index.html: the self-contained dashboard (Pages-ready). */
  readonly html: string;
  readonly json: string;
}

/** The dashboard page with the bundled Chart.js. */
export function dashboardHtml(report: AnalyticsReport, title?: string): string {
  return renderDashboard(report, { chartJs: CHART_JS_SOURCE, ...(title ? { title } : {}) });
}

/** Writes `index.html` and `analytics.json` into `dir` (created when missing). */
export async function writeDashboard(dir: string, report: AnalyticsReport, title?: string): Promise<DashboardFiles> {
  await mkdir(dir, { recursive: true });
  const html = join(dir, 'index.html');
  const json = join(dir, 'analytics.json');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(html, dashboardHtml(report, title));
  return { dir, html, json };
}
