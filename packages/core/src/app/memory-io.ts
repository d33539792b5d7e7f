import type { Logger } from '../adapters/logger.js';
import { createLogger, memorySink } from '../adapters/logger.js';
import type { ActionIO } from './ports.js';

export interface MemoryIO extends ActionIO {
  readonly outputs: Record<string, string>;
  readonly summaries: string[];
  readonly failures: string[];
}

/** An in-process ActionIO (simulation, CLI, unit tests): inputs from a map, outputs into one. */
export function memoryIO(inputs: Record<string, string>, log?: Logger): MemoryIO {
  const outputs: Record<string, string> = {};
  const summaries: string[] = [];
  const failures: string[] = [];
  return {
    getInput: (name) => (inputs[name] ?? '').trim(),
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    appendSummary: async (md) => {
      summaries.push(md);
    },
    setFailed: (message) => {
      failures.push(message);
    },
    log: log ?? createLogger({ sink: memorySink(), operation: 'memory' }),
    outputs,
    summaries,
    failures,
  };
}
