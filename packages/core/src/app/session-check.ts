import type { StateStore } from '../adapters/store/types.js';
import { type Decision, perPushDecision, markEvent, evaluateStream } from '@auto-pr-sessions/domain';
import { readHandoff, writeHandoff } from './handoff.js';
import type { ActionIO, RunEnv } from './ports.js';
import { changesState, prepareEvent } from './prepare.js';
import { decisionSummary, setDecisionOutputs } from './report.js';
import { booleanInput, loadActionConfig, wire } from './setup.js';

export interface CheckResult {
  readonly decision: Decision;
  readonly restCalls: number;
  /** True when this step recorded the event itself (session-start did not run in the job). */
  readonly recordedEvent: boolean;
}

/** The documented safe answer when state cannot be read: do not score now; the sweep catches up. */
function safeDecision(reason: string): Decision {
  return { shouldScore: false, reason, trigger: null, sessionId: null, status: 'active', pushes: 0, firstActivity: null, lastActivity: null, dueAt: null };
}

/**
 * session-check: tells the workflow whether to score now, and why. Works alone too: without an
 * earlier session-start in the job it records the event itself. When it answers should-score=true
 * it records a hand-off, so later checks do not hand the same session out again.
 */
export async function runSessionCheck(io: ActionIO, env: RunEnv, overrides: { store?: StateStore } = {}): Promise<CheckResult> {
  const failOnError = booleanInput(io, 'fail-on-error', false);
  const config = await loadActionConfig(io, env);
  const { github, store, restCalls } = wire(io, env, config, overrides);
  const prepared = await prepareEvent({ env, config, github, log: io.log, target: io.getInput('session-id') });
  if (prepared.kind === 'ignored') {
    const d = safeDecision(`not a session event: ${prepared.reason}`);
    setDecisionOutputs(io, d, null);
    return { decision: d, restCalls: restCalls(), recordedEvent: false };
  }
  if (prepared.kind === 'pass-through') {
    const d = perPushDecision(prepared.reason);
    setDecisionOutputs(io, d, null);
    await io.appendSummary(decisionSummary('Auto-PR session check', d));
    return { decision: d, restCalls: restCalls(), recordedEvent: false };
  }
  const warnings: string[] = [];
  let state = await readHandoff(env.tempDir, env.runId, prepared.streamKey);
  let recordedEvent = false;
  if (state === null && !changesState(prepared.event)) {
    // a sweep or a plain dispatch only reads: recording it would change no session
    const loaded = await store.load(prepared.streamKey);
    warnings.push(...loaded.warnings);
    state = loaded.state;
  } else if (state === null || !state.events.some((e) => e.id === prepared.event.id)) {
    const saved = await store.append(prepared.streamKey, [prepared.event]);
    warnings.push(...saved.warnings);
    state = saved.state;
    recordedEvent = true;
    if (!saved.durable && saved.written.length === 0) {
      const msg = 'session state could not be read or stored (cache and artifact services failed)';
      if (failOnError) throw new Error(msg);
      warnings.push(`${msg}; answering should-score=false, the scheduled sweep will score the session later`);
    }
  }
  let evaluation = evaluateStream(state, config, env.now, prepared.event.id);
  let decision = evaluation.decision ?? safeDecision('no session yet for this stream');
  if (decision.shouldScore && decision.sessionId) {
    const handoff = markEvent({
      kind: 'score_requested',
      sessionId: decision.sessionId,
      at: env.now,
      repo: `${env.owner}/${env.repo}`,
      runId: env.runId,
      attempt: env.runAttempt,
      actor: env.actor,
      detail: decision.reason,
    });
    const saved = await store.append(prepared.streamKey, [handoff]);
    warnings.push(...saved.warnings);
    state = saved.state; // append merged the hand-off in
    // the decision stays "score now" for this run; later checks see the hand-off
    evaluation = { ...evaluateStream(state, config, env.now, prepared.event.id), decision };
  }
  await writeHandoff(env.tempDir, env.runId, state);
  decision = evaluation.decision ?? decision;
  for (const w of warnings) io.log.warn(w);
  setDecisionOutputs(io, decision, evaluation.session, { otherDue: evaluation.otherDue });
  await io.appendSummary(decisionSummary('Auto-PR session check', decision, warnings));
  return { decision, restCalls: restCalls(), recordedEvent };
}
