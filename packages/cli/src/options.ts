import { InvalidArgumentError } from 'commander';
import { resolveNow } from '@auto-pr-sessions/core';

/**
 * Option value parsers shared by every command, so a flag means the same everywhere. A malformed
 * value is a usage error (exit 2), reported by commander before the command starts.
 */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  return n;
}

/** Idle timeout in minutes: the range the config schema allows for timeout_minutes. */
export const IDLE_MINUTES = { min: 5, max: 120 } as const;

export function idleMinutes(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < IDLE_MINUTES.min || n > IDLE_MINUTES.max) {
    throw new InvalidArgumentError(`expected whole minutes from ${IDLE_MINUTES.min} to ${IDLE_MINUTES.max} (the range of timeout_minutes in the config), got "${value}"`);
  }
  return n;
}

export function scope(value: string): 'author' | 'branch' {
  if (value !== 'author' && value !== 'branch') throw new InvalidArgumentError(`expected author or branch, got "${value}"`);
  return value;
}

/** `--action-host`: how replayed actions run. */
export function actionHost(value: string): 'worker' | 'process' {
  if (value !== 'worker' && value !== 'process') throw new InvalidArgumentError(`expected worker or process, got "${value}"`);
  return value;
}

/** `--now`: an ISO-8601 instant or unix seconds, normalized to ISO-8601. */
export function instant(value: string): string {
  try {
    return resolveNow(value);
  } catch {
    throw new InvalidArgumentError(`expected an ISO-8601 instant (2025-11-19T12:00:00Z) or unix seconds, got "${value}"`);
  }
}

export function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535) throw new InvalidArgumentError(`expected a port from 0 to 65535 (0 = any free port), got "${value}"`);
  return n;
}

export function minutes(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number of minutes ≥ 0, got "${value}"`);
  return n;
}

/** `--repo owner/name`. */
export function repoName(value: string): string {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(value)) throw new InvalidArgumentError(`expected owner/name, got "${value}"`);
  return value;
}
