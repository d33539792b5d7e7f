/**
 * security (positive cap = weight 2; negatives not capped). The original read Semgrep results,
 * kept security rules, kept findings in changed files (its "CRITICAL FIX": repo-wide findings
 * used to count), and scored the worst: ERROR −3 ("critical"), WARNING −1 (−2 in tenant-sensitive
 * paths); with none, +1, +1 for hardening patterns, +1 for security docs.
 * Here the findings come from SARIF (suppressions and baselines already applied); the worst
 * severity in scope scores severity_points (critical −3, high −2, medium −1, −1 more in
 * sensitive paths); the hardening and docs points are only given when nothing is in scope.
 * A critical finding also caps the whole score (see score.ts, "security_blocker").
 */
import { globMatcher } from '../glob.js';
import { PathIndex } from '../paths.js';
import { SEVERITIES, type Finding, type Severity } from '../sarif.js';
import { isCommentLine, termMatcher } from '../terms.js';
import type { Rubric } from '../rubric-types.js';
import type { BreakdownLine } from '../types.js';
import { capped, line, type ScoringContext } from './context.js';

export function isSecurityFinding(f: Finding, rubric: Rubric): boolean {
  if (f.securitySeverity !== undefined) return true;
  const haystack = `${f.ruleId} ${f.tags.join(' ')}`.toLowerCase();
  return rubric.security.relevance_terms.some((t) => haystack.includes(t.toLowerCase()));
}

/** Security findings that belong to this change (all of them when there is no diff). */
export function securityFindingsInScope(ctx: ScoringContext): Finding[] {
  const inside = inChange(ctx);
  return (ctx.inputs.findings ?? []).filter((f) => isSecurityFinding(f, ctx.rubric) && inside(f));
}

const where = (f: Finding): string => `${f.ruleId}@${f.file ?? '?'}${f.line === undefined ? '' : `:${f.line}`}`;

/** Whether a finding is in one of the changed files (every finding is when there is no diff). */
function inChange(ctx: ScoringContext): (f: Finding) => boolean {
  if (ctx.inputs.diff === undefined || !ctx.rubric.security.changed_files_only) return () => true;
  const index = new PathIndex<true>(ctx.changed.map((c) => [c.file.path, true] as [string, true]));
  return (f) => f.file !== undefined && index.find(f.file) === true;
}

/** How the score treats a finding: what the comment's "blocking findings" table says beside it. */
export type FindingTreatment = 'scored' | 'not-security' | 'outside-change';

export function findingTreatment(ctx: ScoringContext): (f: Finding) => FindingTreatment {
  const inside = inChange(ctx);
  return (f) => (!inside(f) ? 'outside-change' : isSecurityFinding(f, ctx.rubric) ? 'scored' : 'not-security');
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * 0-point lines for critical and high findings the security points do not count, so that every
 * finding the comment lists as blocking is also explained in the breakdown.
 */
function unscoredSevere(ctx: ScoringContext): BreakdownLine[] {
  const treat = findingTreatment(ctx);
  const severe = (ctx.inputs.findings ?? []).filter((f) => f.severity === 'critical' || f.severity === 'high');
  const notSecurity = severe.filter((f) => treat(f) === 'not-security');
  const outside = severe.filter((f) => treat(f) === 'outside-change');
  const out: BreakdownLine[] = [];
  if (notSecurity.length > 0) {
    const one = notSecurity.length === 1;
    out.push(line('security', 0, `${plural(notSecurity.length, 'high-severity finding')} in the change ${one ? 'comes from a rule that is not a security rule' : 'come from rules that are not security rules'}: shown to fix, not scored`, notSecurity.map((f) => `${f.tool} ${where(f)}`)));
  }
  if (outside.length > 0) {
    out.push(line('security', 0, `${plural(outside.length, 'high-severity finding')} outside the changed files: not this change's, not scored`, outside.map((f) => `${f.tool} ${where(f)}`)));
  }
  return out;
}

export function scoreSecurity(ctx: ScoringContext): BreakdownLine[] {
  const { rubric, inputs } = ctx;
  if (inputs.findings === undefined) return [line('security', 0, 'no SARIF given: security not evaluated')];
  const inScope = securityFindingsInScope(ctx);
  if (inScope.length > 0) {
    const rank = (s: Severity): number => SEVERITIES.indexOf(s);
    const worst = inScope.reduce<Severity>((w, f) => (rank(f.severity) < rank(w) ? f.severity : w), 'info');
    const offenders = inScope.filter((f) => f.severity === worst).map(where);
    let points = rubric.security.severity_points[worst];
    let reason = `worst security finding in the change is ${worst} (${inScope.length} in scope)`;
    if (worst === 'medium') {
      const sensitive = globMatcher(rubric.security.sensitive_paths);
      if (inScope.some((f) => f.severity === 'medium' && f.file !== undefined && sensitive(f.file))) {
        points += rubric.security.sensitive_extra;
        reason += ', in a sensitive path';
      }
    }
    return [line('security', points, reason, offenders), ...unscoredSevere(ctx)];
  }
  const w = rubric.weights.security;
  const out: BreakdownLine[] = [];
  const outside = (inputs.findings ?? []).filter((f) => isSecurityFinding(f, rubric)).length;
  out.push(line('security', Math.min(w, rubric.security.clean_points), 'no security finding in the change', outside > 0 ? [`${outside} security findings outside the changed files are not this change's`] : []));
  const hardening = termMatcher(rubric.security.improvement_terms);
  const hits: string[] = [];
  for (const c of ctx.changed) {
    if (c.kind !== 'source') continue;
    for (const text of c.file.addedText) {
      const term = isCommentLine(text) ? undefined : hardening(text);
      if (term !== undefined) hits.push(`${c.file.path}: ${term}`);
    }
  }
  if (hits.length > 0) out.push(line('security', rubric.security.improvement_points, 'added code uses a hardening pattern', [...new Set(hits)]));
  const secDocs = ctx.changed.filter((c) => c.kind === 'doc' && /security/i.test(c.file.path)).map((c) => c.file.path);
  if (secDocs.length > 0) out.push(line('security', rubric.security.docs_points, 'security documentation changed', secDocs));
  return [...capped('security', out, w), ...unscoredSevere(ctx)];
}
