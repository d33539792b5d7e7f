/**
 * SARIF 2.1.0 (ESLint's SARIF formatter, Semgrep, CodeQL, …): results with their rule metadata,
 * minus what the log itself says is not a current problem.
 *
 * Excluded, and why:
 * - `kind` other than "fail" (pass, notApplicable, informational, review, open): not findings.
 * - non-empty `suppressions` (unless every suppression is `rejected`): silenced in the source.
 * - `baselineState` "unchanged" (present before this change) and "absent" (gone in this change);
 *   "new", "updated" and results without a baselineState count.
 * - results whose fingerprint is in the optional baseline SARIF: the fingerprint is
 *   `ruleId::path::startLine` (the original's `.security-baseline.json` key) or any
 *   `fingerprints`/`partialFingerprints` value shared with a baseline result of the same rule.
 *
 * Severity: `security-severity` (rule or result `properties`, CVSS-like 0–10) gives critical ≥ 9,
 * high ≥ 7, medium ≥ 4, else low; without it the level maps error → high, warning → medium,
 * note → low, none → info.
 */
import { ReportError } from './errors.js';
import { isObject, streamJson, type JsonObject, type JsonValue } from './json-stream.js';
import { joinBase } from './repo-paths.js';
import { sourceName, type ReportSource } from './source.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface Finding {
  tool: string;
  ruleId: string;
  severity: Severity;
  level: SarifLevel;
  securitySeverity?: number;
  /** Rule tags (properties.tags), e.g. "security", "external/cwe/cwe-079". */
  tags: string[];
  message: string;
  file?: string;
  line?: number;
}

export interface SarifReport {
  findings: Finding[];
  /** Results that exist in the log but do not count, by reason. */
  excluded: { notFailing: number; suppressed: number; unchanged: number; absent: number; baseline: number };
  tools: string[];
  /** True when more than `maxFindings` findings existed and only the first were kept. */
  truncated: boolean;
  total: number;
}

export interface SarifOptions {
  baseline?: ReportSource;
  maxFindings?: number;
  maxMessageChars?: number;
}

interface RawResult {
  run: number;
  ruleId?: string;
  ruleIndex?: number;
  toolComponentIndex?: number;
  level?: string;
  kind?: string;
  message: string;
  uri?: string;
  uriBaseId?: string;
  artifactIndex?: number;
  line?: number;
  suppressed: boolean;
  baselineState?: string;
  fingerprints: string[];
  securitySeverity?: number;
}

interface RuleMeta {
  id?: string;
  level?: string;
  securitySeverity?: number;
  tags: string[];
}

interface RunMeta {
  tool: string;
  driverRules: RuleMeta[];
  extensionRules: RuleMeta[][];
  artifacts: Map<number, { uri: string; uriBaseId?: string }>;
  /** originalUriBaseIds: base id → its URI and the base it is relative to. */
  baseIds: Map<string, { uri: string; uriBaseId?: string }>;
}

const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: JsonValue | undefined): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

function securitySeverityOf(props: JsonValue | undefined): number | undefined {
  if (!isObject(props)) return undefined;
  const raw = props['security-severity'];
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function ruleMeta(rule: JsonValue): RuleMeta {
  if (!isObject(rule)) return { tags: [] };
  const props = rule['properties'];
  const tags = isObject(props) && Array.isArray(props['tags']) ? props['tags'].filter((t): t is string => typeof t === 'string').slice(0, 20) : [];
  const cfg = rule['defaultConfiguration'];
  const meta: RuleMeta = { tags };
  const id = str(rule['id']);
  if (id !== undefined) meta.id = id;
  const level = isObject(cfg) ? str(cfg['level']) : undefined;
  if (level !== undefined) meta.level = level;
  const sev = securitySeverityOf(props);
  if (sev !== undefined) meta.securitySeverity = sev;
  return meta;
}

function rulesOf(component: JsonValue | undefined): RuleMeta[] {
  if (!isObject(component) || !Array.isArray(component['rules'])) return [];
  return component['rules'].map(ruleMeta);
}

/** `file:///a/b%20c.ts` → `/a/b c.ts`; relative URIs are kept relative (repository paths). */
export function uriToPath(uri: string): string {
  let path = uri;
  if (/^file:/i.test(path)) path = path.replace(/^file:(\/\/[^/]*)?/i, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // A stray "%" is not an escape; keep the text as it is.
  }
  // file:///C:/x → /C:/x on Windows-generated logs.
  if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1);
  return path;
}

export function severityOf(level: SarifLevel, securitySeverity: number | undefined): Severity {
  if (securitySeverity !== undefined) {
    if (securitySeverity >= 9) return 'critical';
    if (securitySeverity >= 7) return 'high';
    if (securitySeverity >= 4) return 'medium';
    return 'low';
  }
  return level === 'error' ? 'high' : level === 'warning' ? 'medium' : level === 'note' ? 'low' : 'info';
}

function messageText(message: JsonValue | undefined, max: number): string {
  if (!isObject(message)) return '';
  const text = str(message['text']) ?? str(message['markdown']) ?? str(message['id']) ?? '';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function rawResult(value: JsonObject, run: number, maxMessageChars: number): RawResult {
  const raw: RawResult = { run, message: messageText(value['message'], maxMessageChars), suppressed: false, fingerprints: [] };
  const ruleId = str(value['ruleId']);
  const rule = value['rule'];
  if (ruleId !== undefined) raw.ruleId = ruleId;
  else if (isObject(rule) && str(rule['id']) !== undefined) raw.ruleId = str(rule['id']);
  const ruleIndex = int(value['ruleIndex']) ?? (isObject(rule) ? int(rule['index']) : undefined);
  if (ruleIndex !== undefined) raw.ruleIndex = ruleIndex;
  const tc = isObject(rule) ? rule['toolComponent'] : undefined;
  const tcIndex = isObject(tc) ? int(tc['index']) : undefined;
  if (tcIndex !== undefined) raw.toolComponentIndex = tcIndex;
  const level = str(value['level']);
  if (level !== undefined) raw.level = level;
  const kind = str(value['kind']);
  if (kind !== undefined) raw.kind = kind;
  const baselineState = str(value['baselineState']);
  if (baselineState !== undefined) raw.baselineState = baselineState;
  const sev = securitySeverityOf(value['properties']);
  if (sev !== undefined) raw.securitySeverity = sev;
  const suppressions = value['suppressions'];
  if (Array.isArray(suppressions) && suppressions.length > 0) {
    raw.suppressed = suppressions.some((s) => !isObject(s) || s['status'] !== 'rejected');
  }
  const locations = value['locations'];
  const loc = Array.isArray(locations) ? locations[0] : undefined;
  const phys = isObject(loc) ? loc['physicalLocation'] : undefined;
  if (isObject(phys)) {
    const art = phys['artifactLocation'];
    if (isObject(art)) {
      const uri = str(art['uri']);
      if (uri !== undefined) raw.uri = uri;
      const baseId = str(art['uriBaseId']);
      if (baseId !== undefined) raw.uriBaseId = baseId;
      const index = int(art['index']);
      if (index !== undefined) raw.artifactIndex = index;
    }
    const region = phys['region'];
    const line = isObject(region) ? int(region['startLine']) : undefined;
    if (line !== undefined) raw.line = line;
  }
  for (const field of ['fingerprints', 'partialFingerprints']) {
    const fp = value[field];
    if (isObject(fp)) for (const [k, v] of Object.entries(fp)) if (typeof v === 'string') raw.fingerprints.push(`${k}=${v}`);
  }
  return raw;
}

interface ParsedLog {
  runs: Map<number, RunMeta>;
  results: RawResult[];
}

async function readLog(source: ReportSource, maxMessageChars: number): Promise<ParsedLog> {
  const file = sourceName(source);
  const runs = new Map<number, RunMeta>();
  const results: RawResult[] = [];
  let version: string | undefined;
  const runMeta = (run: number): RunMeta => {
    let meta = runs.get(run);
    if (meta === undefined) {
      meta = { tool: 'unknown', driverRules: [], extensionRules: [], artifacts: new Map(), baseIds: new Map() };
      runs.set(run, meta);
    }
    return meta;
  };
  await streamJson(
    source,
    { format: 'sarif', description: 'a SARIF 2.1.0 log', root: 'object', paths: ['$.version', '$.runs.*.tool', '$.runs.*.results.*', '$.runs.*.artifacts.*', '$.runs.*.originalUriBaseIds'] },
    (value, keys) => {
      if (keys[0] === 'version') {
        version = typeof value === 'string' ? value : String(value);
        return;
      }
      const run = keys[1] as number;
      if (keys[2] === 'tool' && isObject(value)) {
        const meta = runMeta(run);
        const driver = value['driver'];
        meta.tool = (isObject(driver) ? str(driver['name']) : undefined) ?? 'unknown';
        meta.driverRules = rulesOf(driver);
        const extensions = value['extensions'];
        meta.extensionRules = Array.isArray(extensions) ? extensions.map(rulesOf) : [];
      } else if (keys[2] === 'results' && isObject(value)) {
        runMeta(run);
        results.push(rawResult(value, run, maxMessageChars));
      } else if (keys[2] === 'artifacts' && isObject(value)) {
        const location = value['location'];
        const uri = isObject(location) ? str(location['uri']) : undefined;
        const baseId = isObject(location) ? str(location['uriBaseId']) : undefined;
        if (uri !== undefined) runMeta(run).artifacts.set(keys[3] as number, baseId === undefined ? { uri } : { uri, uriBaseId: baseId });
      } else if (keys[2] === 'originalUriBaseIds' && isObject(value)) {
        const meta = runMeta(run);
        for (const [id, loc] of Object.entries(value)) {
          const uri = isObject(loc) ? str(loc['uri']) : undefined;
          const baseId = isObject(loc) ? str(loc['uriBaseId']) : undefined;
          if (uri !== undefined) meta.baseIds.set(id, baseId === undefined ? { uri } : { uri, uriBaseId: baseId });
        }
      }
    },
  );
  if (version === undefined) {
    throw new ReportError({ file, format: 'sarif', problem: 'is not a SARIF log: it has no "version" property', fix: 'Pass the SARIF 2.1.0 file written by the analyser (e.g. eslint -f @microsoft/eslint-formatter-sarif, semgrep --sarif, CodeQL).' });
  }
  if (version !== '2.1.0') {
    throw new ReportError({ file, format: 'sarif', problem: `is SARIF version ${version}; only 2.1.0 is supported`, fix: 'Ask the analyser for SARIF 2.1.0 output (the version GitHub code scanning accepts).' });
  }
  return { runs, results };
}

function resolveRule(raw: RawResult, meta: RunMeta | undefined): RuleMeta | undefined {
  if (meta === undefined) return undefined;
  const rules = raw.toolComponentIndex !== undefined ? meta.extensionRules[raw.toolComponentIndex] : meta.driverRules;
  if (raw.ruleIndex !== undefined && rules !== undefined) {
    const byIndex = rules[raw.ruleIndex];
    if (byIndex !== undefined) return byIndex;
  }
  if (raw.ruleId === undefined) return undefined;
  const all = [meta.driverRules, ...meta.extensionRules];
  for (const list of all) {
    const found = list.find((r) => r.id === raw.ruleId);
    if (found !== undefined) return found;
  }
  // Hierarchical ids ("js/xss/reflected" → rule "js/xss") resolve to the nearest parent.
  const parent = raw.ruleId.includes('/') ? raw.ruleId.slice(0, raw.ruleId.lastIndexOf('/')) : undefined;
  return parent === undefined ? undefined : resolveRule({ ...raw, ruleId: parent, ruleIndex: undefined }, meta);
}

/**
 * A result's path: its URI, resolved against its `uriBaseId` through the run's originalUriBaseIds
 * (CodeQL writes `src/a.js` relative to `%SRCROOT%` = `file:///home/runner/work/app/app/`). A base
 * the log does not define (or a chain deeper than 5) leaves the URI as is: relative to the
 * analysed root, which is the repository path.
 */
function pathOf(raw: RawResult, meta: RunMeta | undefined): string | undefined {
  const art = raw.artifactIndex !== undefined ? meta?.artifacts.get(raw.artifactIndex) : undefined;
  const uri = raw.uri ?? art?.uri;
  if (uri === undefined) return undefined;
  let path = uriToPath(uri);
  let base = raw.uri !== undefined ? raw.uriBaseId : art?.uriBaseId;
  for (let depth = 0; base !== undefined && depth < 5 && !/^([a-z]+:|\/)/i.test(path); depth += 1) {
    const b = meta?.baseIds.get(base);
    if (b === undefined) break;
    path = joinBase(uriToPath(b.uri), path);
    base = b.uriBaseId;
  }
  return path;
}

function fingerprintKeys(ruleId: string, path: string | undefined, raw: RawResult): string[] {
  const keys = [`${ruleId}::${path ?? ''}::${raw.line ?? ''}`];
  for (const fp of raw.fingerprints) keys.push(`${ruleId}::fp::${fp}`);
  return keys;
}

export async function parseSarif(source: ReportSource, options: SarifOptions = {}): Promise<SarifReport> {
  const maxFindings = options.maxFindings ?? 100_000;
  const maxMessageChars = options.maxMessageChars ?? 500;
  const baselineKeys = new Set<string>();
  if (options.baseline !== undefined) {
    const base = await readLog(options.baseline, 0);
    for (const raw of base.results) {
      const meta = base.runs.get(raw.run);
      const ruleId = raw.ruleId ?? resolveRule(raw, meta)?.id ?? '';
      for (const key of fingerprintKeys(ruleId, pathOf(raw, meta), raw)) baselineKeys.add(key);
    }
  }
  const log = await readLog(source, maxMessageChars);
  const report: SarifReport = {
    findings: [],
    excluded: { notFailing: 0, suppressed: 0, unchanged: 0, absent: 0, baseline: 0 },
    tools: [...new Set([...log.runs.values()].map((r) => r.tool))],
    truncated: false,
    total: 0,
  };
  for (const raw of log.results) {
    const meta = log.runs.get(raw.run);
    const rule = resolveRule(raw, meta);
    const ruleId = raw.ruleId ?? rule?.id ?? 'unknown';
    if (raw.kind !== undefined && raw.kind !== 'fail') {
      report.excluded.notFailing += 1;
      continue;
    }
    if (raw.suppressed) {
      report.excluded.suppressed += 1;
      continue;
    }
    if (raw.baselineState === 'unchanged' || raw.baselineState === 'absent') {
      report.excluded[raw.baselineState] += 1;
      continue;
    }
    const path = pathOf(raw, meta);
    if (baselineKeys.size > 0 && fingerprintKeys(ruleId, path, raw).some((k) => baselineKeys.has(k))) {
      report.excluded.baseline += 1;
      continue;
    }
    report.total += 1;
    if (report.findings.length >= maxFindings) {
      report.truncated = true;
      continue;
    }
    const levelText = raw.level ?? rule?.level ?? 'warning';
    const level: SarifLevel = levelText === 'error' || levelText === 'note' || levelText === 'none' ? levelText : 'warning';
    const securitySeverity = raw.securitySeverity ?? rule?.securitySeverity;
    const finding: Finding = {
      tool: meta?.tool ?? 'unknown',
      ruleId,
      severity: severityOf(level, securitySeverity),
      level,
      tags: rule?.tags ?? [],
      message: raw.message,
    };
    if (securitySeverity !== undefined) finding.securitySeverity = securitySeverity;
    if (path !== undefined) finding.file = path;
    if (raw.line !== undefined) finding.line = raw.line;
    report.findings.push(finding);
  }
  return report;
}

/** Merges several SARIF reports (ESLint + Semgrep + CodeQL in one scoring run). */
export function mergeSarif(reports: readonly SarifReport[]): SarifReport {
  const out: SarifReport = { findings: [], excluded: { notFailing: 0, suppressed: 0, unchanged: 0, absent: 0, baseline: 0 }, tools: [], truncated: false, total: 0 };
  for (const r of reports) {
    out.findings.push(...r.findings);
    for (const k of Object.keys(out.excluded) as (keyof SarifReport['excluded'])[]) out.excluded[k] += r.excluded[k];
    out.tools.push(...r.tools.filter((t) => !out.tools.includes(t)));
    out.truncated ||= r.truncated;
    out.total += r.total;
  }
  return out;
}
