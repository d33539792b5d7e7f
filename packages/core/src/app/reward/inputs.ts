/** The inputs of compute-reward-batched, read and checked once, before any claim is made. */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { DEFAULT_RUBRIC } from '@auto-pr-sessions/scoring';
import { parseRubric } from '@auto-pr-sessions/scoring';
import type { Rubric } from '@auto-pr-sessions/scoring';
import type { ActionIO, RunEnv } from '../ports.js';
import { booleanInput, UserError } from '../setup.js';
import { splitCommand } from './scorer-command.js';

export type RewardMode = 'session' | 'batch';

export interface ReportGlobs {
  readonly junit: readonly string[];
  readonly lcov: readonly string[];
  readonly istanbul: readonly string[];
  readonly cobertura: readonly string[];
  readonly sarif: readonly string[];
  readonly sarifBaseline: readonly string[];
  readonly diff: readonly string[];
}

export interface RewardOptions {
  readonly mode: RewardMode;
  readonly sessionId: string;
  readonly reports: ReportGlobs;
  readonly rubric: Rubric;
  readonly rubricFile: string | null;
  /** argv of the external scorer (no shell), or null for the built-in rubric scorer. */
  readonly scorerCommand: readonly string[] | null;
  readonly scorerTimeoutMs: number;
  /** Artifact name globs searched for reports in batch mode. */
  readonly reportArtifacts: readonly string[];
  readonly planOnly: boolean;
  readonly maxSessions: number;
  readonly comment: boolean;
  readonly checkRun: boolean;
  readonly failOnError: boolean;
  readonly retentionDays: number;
}

/** One value per line (commas are not separators: they are legal in file names). */
export function multiline(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function wholeNumber(io: ActionIO, name: string, fallback: number, min: number, max: number): number {
  const raw = io.getInput(name);
  if (raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`input ${name}: expected a whole number from ${min} to ${max}, found "${raw}"`);
  return n;
}

async function readRubric(io: ActionIO, env: RunEnv): Promise<{ rubric: Rubric; file: string | null }> {
  const given = io.getInput('rubric');
  if (!given) return { rubric: DEFAULT_RUBRIC, file: null };
  const file = isAbsolute(given) ? given : join(env.workspace, given);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`input rubric: ${given} cannot be read (${code}); give a path relative to the workspace, or leave the input empty for the built-in rubric`);
  }
  // parseRubric throws a RubricError naming the file, the key path and the fix
  return { rubric: parseRubric(text, given), file: given };
}

export async function readRewardOptions(io: ActionIO, env: RunEnv): Promise<RewardOptions> {
  const modeInput = io.getInput('mode') || 'session';
  if (modeInput !== 'session' && modeInput !== 'batch') throw new UserError(`input mode: expected "session" or "batch", found "${modeInput}"`);
  const command = io.getInput('scorer-command');
  const { rubric, file } = await readRubric(io, env);
  const artifacts = multiline(io.getInput('report-artifacts'));
  return {
    mode: modeInput,
    sessionId: io.getInput('session-id'),
    reports: {
      junit: multiline(io.getInput('junit')),
      lcov: multiline(io.getInput('lcov')),
      istanbul: multiline(io.getInput('istanbul')),
      cobertura: multiline(io.getInput('cobertura')),
      sarif: multiline(io.getInput('sarif')),
      sarifBaseline: multiline(io.getInput('sarif-baseline')),
      diff: multiline(io.getInput('diff')),
    },
    rubric,
    rubricFile: file,
    scorerCommand: command ? splitCommand(command) : null,
    scorerTimeoutMs: wholeNumber(io, 'scorer-timeout-seconds', 600, 1, 6 * 3600) * 1000,
    reportArtifacts: artifacts.length > 0 ? artifacts : ['*report*'],
    planOnly: booleanInput(io, 'plan-only', false),
    maxSessions: wholeNumber(io, 'max-sessions', 10, 1, 100),
    comment: booleanInput(io, 'comment', true),
    checkRun: booleanInput(io, 'check-run', true),
    failOnError: booleanInput(io, 'fail-on-error', false),
    retentionDays: wholeNumber(io, 'retention-days', 30, 1, 400),
  };
}
