import { InputError } from './errors.js';

/**
 * Stream keys become directory names (`<dir>/streams/<key>`). Keys come from cache keys and
 * artifact names, which anyone who can run a workflow in the repository can choose, so a key is
 * used only when it is one plain path segment: the CLI never writes outside the directory it was given.
 */
export function isSafeStreamKey(key: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(key) && !key.includes('..');
}

export function safeStreamKey(key: string, what: string): string {
  if (!isSafeStreamKey(key)) throw new InputError(`${what} "${key}" is not a plain directory name; refusing to write it (only letters, digits, ".", "_" and "-")`);
  return key;
}
