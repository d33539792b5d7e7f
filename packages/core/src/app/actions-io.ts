import * as core from '@actions/core';
import type { Logger } from '../adapters/logger.js';
import { actionsSink, createLogger } from '../adapters/logger.js';
import { newSpanId } from '../domain/trace.js';
import type { ActionIO } from './ports.js';

/** ActionIO over @actions/core: INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY. */
export function actionsIO(operation: string, opts: { json?: boolean; traceId?: string } = {}): ActionIO {
  const token = core.getInput('token');
  if (token) core.setSecret(token);
  const log: Logger = createLogger({
    sink: actionsSink(),
    json: opts.json ?? core.getInput('json-logs').trim().toLowerCase() === 'true',
    operation,
    // one span per action run; the session's trace id joins each line once the session is known
    spanId: newSpanId(),
    ...(opts.traceId ? { traceId: opts.traceId } : {}),
    secrets: token ? [token] : [],
  });
  return {
    getInput: (name) => core.getInput(name).trim(),
    setOutput: (name, value) => core.setOutput(name, value),
    appendSummary: async (md) => {
      if (!process.env['GITHUB_STEP_SUMMARY']) return;
      await core.summary.addRaw(md, true).write();
    },
    setFailed: (message) => core.setFailed(message),
    log,
  };
}
