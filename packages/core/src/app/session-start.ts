import { evaluateStream } from '@auto-pr-sessions/domain';
import { traceIdForSession } from '@auto-pr-sessions/domain';
import type { StateStore } from '../adapters/store/types.js';
import { writeHandoff } from './handoff.js';
import { recoverGap } from './recover-gap.js';
import type { ActionIO, RunEnv } from './ports.js';
import { changesState, prepareEvent } from './prepare.js';
import { decisionSummary, setDecisionOutputs } from './report.js';
import { booleanInput, loadActionConfig, wire } from './setup.js';

export interface StartResult {
  readonly recorded: boolean;
  readonly streamKey: string | null;
  readonly restCalls: number;
}

/**
 * session-start: records this run's push / PR event into its session's state (cache + artifact)
 * and leaves the merged state for later steps of the job.
 */
export async function runSessionStart(io: ActionIO, env: RunEnv, overrides: { store?: StateStore } = {}): Promise<StartResult> {
  const failOnError = booleanInput(io, 'fail-on-error', false);
  const config = await loadActionConfig(io, env);
  const { github, store, restCalls } = wire(io, env, config, overrides);
  const prepared = await prepareEvent({ env, config, github, log: io.log, target: io.getInput('session-id') });
  if (prepared.kind !== 'session') {
    io.setOutput('recorded', 'false');
    io.setOutput('auto-pr', 'false');
    io.setOutput('reason', prepared.reason);
    io.log.info(`nothing recorded: ${prepared.reason}`);
    return { recorded: false, streamKey: null, restCalls: restCalls() };
  }
  if (!changesState(prepared.event)) {
    io.setOutput('recorded', 'false');
    io.setOutput('auto-pr', 'true');
    io.setOutput('stream-key', prepared.streamKey);
    io.setOutput('reason', `${prepared.event.kind} changes no session; session-check evaluates it`);
    return { recorded: false, streamKey: prepared.streamKey, restCalls: restCalls() };
  }
  let saved = await store.append(prepared.streamKey, [prepared.event]);
  for (const w of saved.warnings) io.log.warn(w);
  // pushes whose runs were cancelled or never started are read back from history (recover-gap.ts)
  const gap = await recoverGap({ state: saved.state, event: prepared.event, env, github, log: io.log });
  if (gap.events.length > 0) {
    saved = await store.append(prepared.streamKey, gap.events);
    for (const w of saved.warnings) io.log.warn(w);
    io.log.info(gap.note ?? '');
  }
  if (!saved.durable) {
    const msg = `the event was not stored durably (artifact upload failed); it stays derivable from the commit history and later runs will retry`;
    if (failOnError) throw new Error(msg);
    io.log.warn(msg);
  }
  await writeHandoff(env.tempDir, env.runId, saved.state);
  const evaluation = evaluateStream(saved.state, config, env.now, prepared.event.id);
  io.setOutput('recorded', 'true');
  io.setOutput('auto-pr', 'true');
  io.setOutput('stream-key', prepared.streamKey);
  if (evaluation.decision) {
    setDecisionOutputs(io, evaluation.decision, evaluation.session, { otherDue: evaluation.otherDue });
    const traceId = traceIdForSession(evaluation.decision.sessionId ?? prepared.streamKey);
    io.log.info(`recorded ${prepared.event.kind} into session ${evaluation.decision.sessionId ?? '?'} (${prepared.why})`, { traceId, written: saved.written.join(' ') });
    await io.appendSummary(decisionSummary('Auto-PR session: event recorded', evaluation.decision, saved.warnings));
  }
  return { recorded: true, streamKey: prepared.streamKey, restCalls: restCalls() };
}
