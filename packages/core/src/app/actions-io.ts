import type { Logger } from '../adapters/logger.js';
import { actionsSink, createLogger } from '../adapters/logger.js';
import * as runner from '../adapters/runner-commands.js';
import { newSpanId } from '@auto-pr-sessions/domain';
import type { ActionIO } from './ports.js';

/**
 * ActionIO over the runner's protocol: INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY
 * (adapters/runner-commands.ts: @actions/core's behaviour without its import cost at cold start).
 */
export function actionsIO(operation: string, opts: { json?: boolean; traceId?: string } = {}): ActionIO {
  const token = runner.getInput('token');
  if (token) runner.setSecret(token);
  const log: Logger = createLogger({
    sink: actionsSink(),
    json: opts.json ?? runner.getInput('json-logs').toLowerCase() === 'true',
    operation,
    // one span per action run; the session's trace id joins each line once the session is known
    spanId: newSpanId(),
    ...(opts.traceId ? { traceId: opts.traceId } : {}),
    secrets: token ? [token] : [],
  });
  return {
    getInput: (name) => runner.getInput(name),
    setOutput: (name, value) => runner.setOutput(name, value),
    appendSummary: async (md) => runner.appendSummary(md),
    setFailed: (message) => runner.setFailed(message),
    log,
  };
}
