import type { Command } from 'commander';
import { DEFAULT_CONFIG_PATH, formatIssue, formatIssues, loadConfig, type ConfigIssue } from '@auto-pr-sessions/core';
import { EXIT } from '../exit-codes.js';
import { errorLine } from '../errors.js';

interface ValidateOptions {
  json?: boolean;
}

/** The `--json` document. */
export interface ValidateReport {
  valid: boolean;
  file: string;
  /** 'defaults' when the default file does not exist, so the actions run on the defaults. */
  source: 'file' | 'defaults' | null;
  issues: ConfigIssue[];
  warnings: ConfigIssue[];
}

/**
 * Validates a config file. A missing default file is valid (the actions then use the defaults);
 * a missing file named on the command line is not, since that is most likely a wrong path.
 */
export async function validateFile(file: string | undefined): Promise<ValidateReport> {
  const path = file ?? DEFAULT_CONFIG_PATH;
  const result = await loadConfig(path);
  if (!result.ok) return { valid: false, file: path, source: null, issues: result.issues, warnings: [] };
  if (result.source === 'defaults' && file !== undefined) {
    const missing: ConfigIssue = {
      file: path,
      line: null,
      column: null,
      path: '(root)',
      message: 'the file does not exist',
      expected: 'a YAML config file',
      found: 'no file',
      fix: `check the path; without FILE, validate reads ${DEFAULT_CONFIG_PATH}`,
    };
    return { valid: false, file: path, source: null, issues: [missing], warnings: [] };
  }
  return { valid: true, file: path, source: result.source, issues: [], warnings: result.warnings };
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(`check a config file against the schema and report every problem (default ${DEFAULT_CONFIG_PATH})`)
    .argument('[file]', 'config file to check')
    .option('--json', 'print { valid, file, issues, warnings } as JSON')
    .action(async (file: string | undefined, options: ValidateOptions) => {
      const report = await validateFile(file);
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : humanReport(report));
      if (!report.valid && !options.json) {
        const n = report.issues.length;
        process.stderr.write(errorLine('validate', `${report.file} is invalid (${n} problem${n === 1 ? '' : 's'}, each with its fix, above); fix ${n === 1 ? 'it' : 'them'} and run validate again`));
      }
      process.exitCode = report.valid ? EXIT.ok : EXIT.invalid;
    });
}

function humanReport(report: ValidateReport): string {
  if (!report.valid) {
    const n = report.issues.length;
    return `✗ ${report.file} is invalid: ${n} problem${n === 1 ? '' : 's'}\n${formatIssues(report.issues)}\n`;
  }
  const lines =
    report.source === 'defaults' ? [`✓ ${report.file} does not exist: the actions use the default settings`] : [`✓ ${report.file} is valid`];
  for (const w of report.warnings) lines.push(`warning: ${formatIssue(w)}`);
  return `${lines.join('\n')}\n`;
}
