// The part of @actions/core the actions use, over the runner's documented protocol: workflow
// commands on stdout (`::warning::…`), file commands (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) and INPUT_*
// variables. Why not @actions/core itself: its entry imports @actions/http-client and undici (for
// OIDC tokens we never request), about 0.95 MB of bundle that every action would compile before its
// first line; measured by `npm run bench -- cold`, dropping it halves session-check's cold start.
// The escaping and file formats below are @actions/core 3.x's (lib/command.js, lib/file-command.js),
// and test/adapters/runner-commands.test.ts checks them against @actions/core's own output.
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';

/** Escapes a workflow command's message (`%`, CR and LF), as @actions/core does. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also `:` and `,`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`);
}

export function debug(message: string): void {
  command('debug', message);
}

/** Writes a plain line (the caller neutralises a leading `::` in untrusted text). */
export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function warning(message: string): void {
  command('warning', message);
}

export function error(message: string): void {
  command('error', message);
}

/** Masks a value in every later log line of the job. */
export function setSecret(secret: string): void {
  command('add-mask', secret);
}

/** INPUT_<NAME> (spaces → `_`, upper case), trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Appends `name<<delimiter` … `delimiter` to the file a file command names (GITHUB_OUTPUT, GITHUB_STATE). */
function fileCommand(variable: string, name: string, value: string): boolean {
  const path = process.env[variable];
  if (!path) return false;
  if (!existsSync(path)) throw new Error(`${variable} names ${path}, which does not exist; the runner creates it for every step`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  // a value holding the delimiter could end the block early and forge outputs
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`output ${name}: the value contains the file-command delimiter; refused`);
  appendFileSync(path, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
  return true;
}

export function setOutput(name: string, value: string): void {
  if (fileCommand('GITHUB_OUTPUT', name, value)) return;
  // no GITHUB_OUTPUT (a very old runner or a local run): the deprecated stdout command
  process.stdout.write(EOL);
  process.stdout.write(`::set-output name=${escapeProperty(name)}::${escapeData(value)}${EOL}`);
}

/** Logs the message as an error annotation and makes the step fail. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY); a no-op without one. */
export function appendSummary(markdown: string): void {
  const path = process.env['GITHUB_STEP_SUMMARY'];
  if (!path) return;
  appendFileSync(path, markdown + EOL, { encoding: 'utf8' });
}
