import { formatMinutes, formatRate, formatScale, formatScore } from '../analytics/metrics.js';
import type { AnalyticsReport } from '../analytics/types.js';
import { escapeHtml } from '../util/markdown.js';

export interface DashboardOptions {
  /** Chart.js UMD source, inlined in a <script> element. */
  readonly chartJs: string;
  readonly title?: string;
}

/** JSON inside <script type="application/json">: nothing in it can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A script's text: `</script` (any case) cannot appear in it. */
function scriptText(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const h = escapeHtml;
const num = (n: number | null, digits = 1): string => (n === null ? '—' : n.toFixed(digits));

function card(metric: string, label: string, value: number | null, shown: string, hint = ''): string {
  return `<div class="card" data-metric="${h(metric)}" data-value="${value === null ? '' : String(value)}"><div class="label">${h(label)}</div><div class="value">${h(shown)}</div>${hint ? `<div class="hint">${h(hint)}</div>` : ''}</div>`;
}

function prList(prs: readonly number[]): string {
  return prs.length === 0 ? '—' : prs.map((n) => `#${n}`).join(', ');
}

/** Tables scroll sideways on a narrow screen instead of squeezing their columns. */
const scroll = (table: string): string => `<div class="scroll">${table}</div>`;

/**
 * A table whose rows turn into stacked cards on a phone: every cell carries its column's name
 * (data-label, shown by the narrow-screen CSS) so a row still reads without the header.
 */
function stackTable(id: string, headers: readonly string[], rows: readonly string[]): string {
  const labelled = rows.map((row) => {
    let i = 0;
    return row.replace(/<td(?=[ >])/g, () => `<td data-label="${h(headers[i++] ?? '')}"`);
  });
  return scroll(`<table id="${id}" class="stack"><thead><tr>${headers.map((x) => `<th>${h(x)}</th>`).join('')}</tr></thead><tbody>${labelled.join('')}</tbody></table>`);
}

function activeRows(r: AnalyticsReport): string {
  if (r.activeSessions.length === 0) return '<p class="empty">No session is running or waiting for its score.</p>';
  const url = r.links.scoringWorkflowUrl;
  const rows = r.activeSessions.map((a, i) => {
    const badge = a.status === 'due' ? 'idle' : a.badge;
    const label = a.status === 'due' ? 'waiting for score' : a.badge;
    const complete = a.completeCommand
      ? `<div class="complete">${url ? `<a class="button" href="${h(url)}" target="_blank" rel="noopener noreferrer">Run workflow</a>` : ''}<button type="button" class="copy" data-copy="cmd-${i}">Copy command</button><code id="cmd-${i}">${h(a.completeCommand)}</code></div>`
      : '<span class="muted">the next sweep hands it to scoring</span>';
    return `<tr data-session="${h(a.sessionId)}"><td class="id">${h(a.sessionId)}</td><td><span class="badge ${badge}" data-badge="${badge}">${h(label)}</span></td><td>${h(a.author)}</td><td>${h(a.branch ?? '—')}</td><td class="n">${a.pushes}</td><td>${h(prList(a.prNumbers))}</td><td class="n">${h(formatMinutes(a.elapsedMinutes))}</td><td class="n">${h(formatMinutes(a.idleMinutes))}</td><td>${complete}</td></tr>`;
  });
  return stackTable('active-table', ['Session', 'Status', 'Author', 'Branch', 'Pushes', 'PRs', 'Elapsed', 'Idle', 'Complete'], rows);
}

/** The score as the comment shows it, coloured by its decision (not by a threshold of its own). */
function scoreBadge(score: number | null, decision: string | null): string {
  if (score === null) return '<span class="score none">—</span>';
  const d = (decision ?? '').toUpperCase();
  const cls = d === 'APPROVE' ? 'good' : d === 'BLOCK' ? 'bad' : d === 'REQUEST_CHANGES' ? 'ok' : 'unknown';
  return `<span class="score ${cls}" data-score="${score}" title="${h(decision ?? 'decision not recorded')}">${h(formatScore(score))}</span>${decision ? `<div class="muted">${h(d)}</div>` : ''}`;
}

function completedRows(r: AnalyticsReport): string {
  if (r.recentlyCompleted.length === 0) return '<p class="empty">No completed session yet.</p>';
  const rows = r.recentlyCompleted.map(
    (c) =>
      `<tr data-session="${h(c.sessionId)}"><td class="id">${h(c.sessionId)}</td><td>${h(c.status)}</td><td>${h(c.trigger)}</td><td>${h(c.author)}</td><td class="n">${c.pushes}</td><td>${h(prList(c.prNumbers))}</td><td class="n">${h(formatMinutes(c.durationMinutes))}</td><td>${h(c.completedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</td><td>${scoreBadge(c.score, c.decision)}${c.reason ? `<div class="muted">${h(c.reason)}</div>` : ''}</td></tr>`,
  );
  return stackTable('completed-table', ['Session', 'Status', 'Trigger', 'Author', 'Pushes', 'PRs', 'Duration', 'Completed (UTC)', 'Score'], rows);
}

function authorRows(r: AnalyticsReport): string {
  if (r.authors.length === 0) return '<p class="empty">No author yet.</p>';
  const arrow = { up: '▲', down: '▼', flat: '▶' } as const;
  const rows = r.authors.map(
    (a) =>
      `<tr data-author="${h(a.author)}"><td>${h(a.author)}</td><td class="n" data-col="sessions">${a.sessions}</td><td class="n" data-col="prs">${a.prs}</td><td class="n" data-col="avgScore">${h(formatScore(a.avgScore))}</td><td class="n" data-col="avgPrsPerSession">${h(num(a.avgPrsPerSession))}</td><td class="n">${a.pushes}</td><td class="n">${h(formatMinutes(a.avgDurationMinutes))}</td><td>${a.trend ? `<span class="trend ${a.trend}">${arrow[a.trend]} ${h(formatScore(a.trendDelta))}</span>` : '—'}</td></tr>`,
  );
  return stackTable('author-table', ['Author', 'Sessions', 'Total PRs', 'Avg Score', 'PRs/Session', 'Pushes', 'Avg Duration', 'Score trend'], rows);
}

const STYLE = `
:root{--bg:#f6f8fa;--fg:#1f2328;--muted:#59636e;--card:#fff;--line:#d1d9e0;--blue:#0969da;--green:#1a7f37;--amber:#9a6700;--red:#d1242f;--grey:#818b98}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;background:var(--bg);color:var(--fg)}
header{padding:20px 28px;background:#fff;border-bottom:1px solid var(--line)}h1{margin:0;font-size:22px}h2{font-size:16px;margin:0 0 10px}
.sub{color:var(--muted);margin-top:4px}.note{margin-top:8px;padding:6px 10px;background:#fff8c5;border:1px solid #d4a72c66;border-radius:6px;display:inline-block}
main{padding:20px 28px;display:grid;gap:18px;min-width:0}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}
.card,.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px}.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:28px;font-weight:600;margin-top:4px}.card .hint{color:var(--muted);font-size:12px}.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:18px}
.panel{min-width:0}.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}.scroll table{min-width:640px}.panel h2 .count{color:var(--muted);font-weight:400;font-size:13px;margin-left:6px}
.chart{position:relative;height:260px}table{width:100%;border-collapse:collapse;font-size:13px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:12px}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.id{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;word-break:break-all}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}.badge.active{background:var(--green)}.badge.warning{background:var(--amber)}.badge.idle{background:var(--grey)}
.score{display:inline-block;min-width:38px;text-align:center;padding:1px 6px;border-radius:6px;font-weight:600}.score.good{background:#dafbe1;color:var(--green)}.score.ok{background:#fff8c5;color:var(--amber)}.score.bad{background:#ffebe9;color:var(--red)}.score.unknown{background:var(--bg)}.score.none{color:var(--muted)}
.trend.up{color:var(--green)}.trend.down{color:var(--red)}.trend.flat{color:var(--muted)}.muted{color:var(--muted);font-size:12px}.empty{color:var(--muted)}
.complete{display:flex;flex-wrap:wrap;gap:6px;align-items:center}.complete code{display:block;width:100%;font-size:11px;background:var(--bg);padding:4px 6px;border-radius:4px;word-break:break-all}
.button,button.copy{font:inherit;font-size:12px;padding:3px 10px;border-radius:6px;border:1px solid var(--line);background:#fff;color:var(--blue);text-decoration:none;cursor:pointer}
footer{padding:0 28px 24px;color:var(--muted);font-size:12px}
@media (max-width:600px){header{padding:14px 16px}main{padding:14px 12px;gap:12px}footer{padding:0 16px 20px}.cards{grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}.card{padding:10px 12px}.card .value{font-size:22px}.chart{height:220px}
.scroll table.stack{min-width:0}.stack thead{display:none}.stack,.stack tbody,.stack tr{display:block;width:100%}.stack tr{border-bottom:1px solid var(--line);padding:8px 0}
.stack td{display:flex;gap:10px;border:0;padding:2px 0;text-align:left}.stack td::before{content:attr(data-label);flex:0 0 96px;color:var(--muted);font-size:12px}.stack td>*{min-width:0}}
`;

const SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('analytics-data').textContent);
  var palette = ['#0969da','#1a7f37','#9a6700','#cf222e','#8250df','#1b7c83','#bc4c00','#57606a','#bf3989','#4d2d00'];
  function make(id, config){ var el = document.getElementById(id); if (!el || typeof Chart === 'undefined') return; config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options || {}); el.__chart = new Chart(el.getContext('2d'), config); }
  make('chart-duration', { type: 'bar', data: { labels: data.durationDistribution.map(function(b){ return b.range + ' min'; }), datasets: [{ label: 'Completed sessions', data: data.durationDistribution.map(function(b){ return b.count; }), backgroundColor: '#0969da' }] }, options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
  var narrow = window.matchMedia && window.matchMedia('(max-width: 600px)').matches;
  make('chart-triggers', { type: 'doughnut', data: { labels: data.completionTriggers.map(function(t){ return t.trigger + ': ' + t.count + ' (' + t.percentage.toFixed(1) + '%)'; }), datasets: [{ data: data.completionTriggers.map(function(t){ return t.count; }), backgroundColor: palette }] }, options: { plugins: { legend: { position: narrow ? 'bottom' : 'right' } } } });
  make('chart-days', { type: 'bar', data: { labels: data.sessionsPerDay.map(function(d){ return d.date.slice(5); }), datasets: [{ label: 'Started', data: data.sessionsPerDay.map(function(d){ return d.started; }), backgroundColor: '#1a7f37' }, { label: 'Ended', data: data.sessionsPerDay.map(function(d){ return d.ended; }), backgroundColor: '#818b98' }] }, options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
  var scored = data.authors.filter(function(a){ return a.scores.length > 0; }).slice(0, 6);
  // The y axis always shows the decision bands (a single point is not zoomed to ±0.2); with a
  // recorded scale the two band edges are drawn as dashed lines.
  var sc = data.scoreScale, most = Math.max(2, Math.max.apply(null, scored.map(function(a){ return a.scores.length; }).concat([0])));
  var lo = sc ? sc.blockBelow - 1 : -4, hi = sc ? sc.approveAbove + 1 : 4;
  // Category x axis with an offset: the first and last points are not cut by the axes.
  var labels = []; for (var k = 1; k <= most; k++) labels.push(String(k));
  var lines = scored.map(function(a, i){ return { label: a.author, data: a.scores.map(function(p){ return p.score; }), borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], tension: 0.2, pointRadius: 4 }; });
  if (sc) [['BLOCK below ', sc.blockBelow, '#d1242f'], ['APPROVE above ', sc.approveAbove, '#1a7f37']].forEach(function(b){ lines.push({ label: b[0] + (b[1] > 0 ? '+' : '') + b[1], band: true, data: labels.map(function(){ return b[1]; }), borderColor: b[2], backgroundColor: 'rgba(0,0,0,0)', borderDash: [6, 4], borderWidth: 1, pointRadius: 0, fill: false }); });
  make('chart-scores', { type: 'line', data: { labels: labels, datasets: lines }, options: { scales: { x: { offset: true, title: { display: true, text: 'scored session (in time order)' } }, y: { suggestedMin: lo, suggestedMax: hi, title: { display: true, text: 'score' + (sc ? ' (scale ' + sc.min + ' to ' + sc.max + ')' : '') } } } } });
  document.querySelectorAll('button.copy').forEach(function(b){ b.addEventListener('click', function(){
    var code = document.getElementById(b.getAttribute('data-copy')); if (!code) return;
    var done = function(){ b.textContent = 'Copied'; setTimeout(function(){ b.textContent = 'Copy command'; }, 1500); };
    var select = function(){ var range = document.createRange(); range.selectNodeContents(code); var s = window.getSelection(); s.removeAllRanges(); s.addRange(range); b.textContent = 'Selected: press Ctrl+C'; };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(code.textContent).then(done, select); else select();
  }); });
  document.body.setAttribute('data-ready', 'true');
})();
`;

/**
 * The static dashboard: one self-contained HTML file (Chart.js and the data inlined, a CSP that
 * forbids any request), the original dashboard's views. Every untrusted text is HTML-escaped;
 * the data block is JSON that cannot close its script element.
 */
export function renderDashboard(r: AnalyticsReport, opts: DashboardOptions): string {
  const s = r.summary;
  const title = opts.title ?? 'Auto-PR Sessions';
  const coverage =
    r.coverage.streamsStale > 0 || r.coverage.streamsUnreadable > 0
      ? `<div class="note">${r.coverage.streamsRead} of ${r.coverage.streams} streams read in this run; ${r.coverage.streamsStale} shown as of an earlier sweep, ${r.coverage.streamsUnreadable} unreadable.</div>`
      : '';
  const csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h(title)} — ${h(r.repository)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${h(title)}</h1>
<div class="sub">${h(r.repository)} · generated <time datetime="${h(r.generatedAt)}">${h(r.generatedAt)}</time> · scope ${h(r.config.scope)}, idle timeout ${r.config.timeoutMinutes} min</div>
${coverage}
</header>
<main>
<section class="cards" id="stat-cards">
${card('totalSessions', 'Total sessions', s.totalSessions, String(s.totalSessions))}
${card('activeNow', 'Active sessions', s.activeNow, String(s.activeNow), `${s.idleWarning} idle-warning · ${s.waitingForScore} more waiting for a score`)}
${card('avgDurationMinutes', 'Avg duration', s.avgDurationMinutes, formatMinutes(s.avgDurationMinutes), 'first to last push, completed sessions')}
${card('completionRate', 'Completion rate', s.completionRate, formatRate(s.completionRate), s.totalSessions === 0 ? 'no session yet' : `${s.completed} of ${s.totalSessions}`)}
${card('scored', 'Scored', s.scored, String(s.scored), `${s.waitingForScore} waiting, ${s.abandoned} closed out`)}
${card('runsSaved', 'Scoring runs saved', r.scoring.runsSaved, String(r.scoring.runsSaved), `${r.scoring.scoringRuns} runs instead of ${r.scoring.runsWithoutSuite}`)}
${card('ciMinutesSaved', 'CI minutes saved', r.ciMinutes.saved, num(r.ciMinutes.saved, 0), r.ciMinutes.source)}
${card('avgScore', 'Avg score', s.avgScore, formatScore(s.avgScore), formatScale(r.scoreScale) ?? (s.scored === 0 ? 'no score yet' : 'the scale was not recorded with the scores'))}
</section>
<section class="panel"><h2>Sessions not scored yet<span class="count" id="active-count">${s.activeNow} active · ${s.waitingForScore} waiting for a score</span></h2>${activeRows(r)}</section>
<section class="grid2">
<div class="panel"><h2>Duration distribution</h2><div class="chart"><canvas id="chart-duration" aria-label="Completed sessions by duration"></canvas></div></div>
<div class="panel"><h2>Completion triggers</h2>${r.completionTriggers.length > 0 ? '<div class="chart"><canvas id="chart-triggers" aria-label="Completion triggers"></canvas></div>' : '<p class="empty">No session has completed yet.</p>'}</div>
</section>
<section class="panel"><h2>Recently completed</h2>${completedRows(r)}</section>
<section class="panel"><h2>Authors</h2>${authorRows(r)}</section>
<section class="grid2">
<div class="panel"><h2>Sessions per day<span class="count">UTC, ${r.sessionsPerDay.length} days</span></h2><div class="chart"><canvas id="chart-days" aria-label="Sessions per day"></canvas></div></div>
<div class="panel"><h2>Score trend per author</h2>${r.authors.some((a) => a.scores.length > 0) ? '<div class="chart"><canvas id="chart-scores" aria-label="Scores per author over time"></canvas></div>' : '<p class="empty">No score recorded yet.</p>'}</div>
</section>
</main>
<footer>CI minutes: ${h(r.ciMinutes.note)}. Data: analytics.json (schema version ${r.schemaVersion}). Charts: Chart.js, inlined; this page makes no network request.</footer>
<script type="application/json" id="analytics-data">${scriptJson(r)}</script>
<script>${scriptText(opts.chartJs)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
