import { readFile, stat } from 'node:fs/promises';
import { DEFAULT_CONFIG_PATH, MAX_CONFIG_BYTES, ROOT_PATH, defaultConfig, parseConfig, tooLargeIssue, type ConfigResult } from '@auto-pr-sessions/domain';

/**
 * Reads and validates the config file (the file access around the domain's pure parseConfig).
 * A missing file yields the defaults with source 'defaults'; the loader never creates or rewrites
 * the file (the original wrote a default file as a side effect).
 */
export async function loadConfig(file: string = DEFAULT_CONFIG_PATH): Promise<ConfigResult> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return fileIssue(file, 'is not a regular file', 'a YAML file', info.isDirectory() ? 'a directory' : 'a special file');
    size = info.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: true, config: defaultConfig(), source: 'defaults', warnings: [] };
    return fileIssue(file, `cannot be read (${code ?? 'error'})`, 'a readable file', errorText(err));
  }
  // Checked before reading so a huge file is never loaded into memory.
  if (size > MAX_CONFIG_BYTES) return { ok: false, issues: [tooLargeIssue(file, size)] };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return fileIssue(file, 'cannot be read', 'a readable file', errorText(err));
  }
  return parseConfig(text, file);
}

function fileIssue(file: string, what: string, expected: string, found: string): ConfigResult {
  return {
    ok: false,
    issues: [{ file, line: null, column: null, path: ROOT_PATH, message: `the config file ${what}`, expected, found, fix: 'check the path and the file permissions' }],
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
