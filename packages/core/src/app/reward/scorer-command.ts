/**
 * The external scorer: any program that reads the session JSON on stdin and prints one JSON score
 * on stdout. It runs WITHOUT a shell (spawn with an argument vector), so nothing in the command,
 * in the session or in the reports is ever interpreted by a shell.
 *
 * The scorer is code the workflow names but the suite does not vet: it gets a minimal environment
 * (an allow-list: no GITHUB_TOKEN, no ACTIONS_RUNTIME_TOKEN, no secret of any name), and everything
 * it prints that can reach an output, the job summary or an error line is masked for the tokens
 * this process holds, raw and in the escaped forms a program could print them in.
 */
import { spawn } from 'node:child_process';
import * as core from '@actions/core';
import { UserError } from '../setup.js';

/** Variables a scorer may see: what a program needs to run and to know where it is, nothing secret. */
export const SCORER_ENV_ALLOW = [
  'PATH', 'HOME', 'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'SHELL', 'USER',
  'CI', 'GITHUB_ACTIONS', 'GITHUB_WORKSPACE', 'GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_REF', 'GITHUB_RUN_ID',
  'GITHUB_RUN_ATTEMPT', 'GITHUB_EVENT_NAME', 'GITHUB_SERVER_URL', 'RUNNER_OS', 'RUNNER_ARCH', 'RUNNER_TEMP',
  'SystemRoot', 'ComSpec', 'PATHEXT', 'WINDIR',
] as const;
/** Never passed on, whatever the allow-list says (defence in depth for a mistaken entry). */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|API_?KEY|AUTH/i;
/** Variables whose values are masked in everything the scorer prints. */
const SECRET_VARS = ['GITHUB_TOKEN', 'INPUT_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'GH_TOKEN'] as const;
const MASK = '***';

/** The scorer's environment: the allow-listed variables of `from`, plus the suite's own `extra`. */
export function scorerEnv(from: NodeJS.ProcessEnv, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of SCORER_ENV_ALLOW) {
    const v = from[name];
    if (v !== undefined && !SECRET_NAME.test(name)) env[name] = v;
  }
  for (const [k, v] of Object.entries(extra)) if (!SECRET_NAME.test(k)) env[k] = v;
  return env;
}

/** A secret in every form a program could print it: raw, JSON-escaped, URL-encoded, base64 (also as git basic auth). */
export function secretForms(secret: string): string[] {
  if (secret.length < 4) return []; // masking a 1-3 character value would shred every line
  const forms = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    Buffer.from(secret, 'utf8').toString('base64'),
    Buffer.from(`x-access-token:${secret}`, 'utf8').toString('base64'),
  ]);
  return [...forms].sort((a, b) => b.length - a.length); // longest first, so no form is half-masked
}

/** Every form of every token this process holds (GITHUB_TOKEN, the runtime token, the token input…). */
export function heldSecrets(env: NodeJS.ProcessEnv = process.env, extra: readonly string[] = []): string[] {
  const values = [...SECRET_VARS.map((n) => env[n] ?? ''), ...extra].filter((v) => v.length >= 4);
  return [...new Set(values.flatMap(secretForms))].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of every secret form with ***. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}

/** Registers the escaped forms with the runner too, so its own log masking covers them (on a runner only). */
function registerMasks(secrets: readonly string[]): void {
  if (process.env['GITHUB_ACTIONS'] !== 'true') return;
  for (const s of secrets) core.setSecret(s);
}

/** Largest stdout accepted from a scorer (a score is a few KB; anything bigger is a bug). */
const MAX_STDOUT = 1024 * 1024;
/** Tail of stderr quoted in a crash message. */
const STDERR_TAIL = 2000;

export const DECISIONS = ['APPROVE', 'REQUEST_CHANGES', 'BLOCK'] as const;
export type ExternalDecision = (typeof DECISIONS)[number];

export interface ExternalBreakdownLine {
  category: string;
  points: number;
  reason: string;
  evidence: string[];
}

export interface ExternalScore {
  score: number;
  decision?: ExternalDecision;
  normalized?: number;
  decisionReason?: string;
  breakdown?: ExternalBreakdownLine[];
}

export class ScorerError extends Error {}

const SHELL_ONLY = /[|&;<>()$`*?[\]{}~!]/;

/**
 * Splits a command line into argv like a POSIX shell would split words, and nothing more: single
 * quotes (literal), double quotes (with \" \\ \$ \` escapes), backslash escapes. Characters that
 * only a shell gives meaning to (pipes, redirections, variables, globs…) are refused unquoted,
 * because they would silently not do what the author meant.
 */
export function splitCommand(line: string): string[] {
  const args: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const fail = (why: string): never => {
    throw new UserError(`input scorer-command: ${why} in ${JSON.stringify(line)}. The command runs without a shell: write the program and its arguments (quote arguments with spaces), or put pipes and variables in a script and run that`);
  };
  while (i < line.length) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) fail('an unterminated single quote');
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i += 1;
      let closed = false;
      while (i < line.length) {
        const d = line[i] as string;
        if (d === '"') {
          closed = true;
          i += 1;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) {
          cur += line[i + 1];
          i += 2;
          continue;
        }
        cur += d;
        i += 1;
      }
      if (!closed) fail('an unterminated double quote');
      inWord = true;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= line.length) fail('a trailing backslash');
      const next = line[i + 1] as string;
      if (next !== '\n') cur += next;
      inWord = true;
      i += 2;
      continue;
    }
    if (/\s/.test(c)) {
      if (inWord) args.push(cur);
      cur = '';
      inWord = false;
      i += 1;
      continue;
    }
    if (SHELL_ONLY.test(c)) fail(`the shell character ${JSON.stringify(c)} (unquoted)`);
    cur += c;
    inWord = true;
    i += 1;
  }
  if (inWord) args.push(cur);
  if (args.length === 0) fail('no program');
  return args;
}

/** Renders argv for messages (quoted only where needed). */
export function showCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function excerpt(text: string, max = 200): string {
  const t = text.trim();
  return JSON.stringify(t.length > max ? `${t.slice(0, max)}…` : t);
}

/** Schema check of the scorer's answer; every problem names its JSON path. */
export function parseExternalScore(stdout: string, command: string): ExternalScore {
  const bad = (what: string): never => {
    throw new ScorerError(`scorer-command \`${command}\` printed an invalid score: ${what}. Expected one JSON object {"score": number, "decision"?: "APPROVE"|"REQUEST_CHANGES"|"BLOCK", "normalized"?: 0..100, "decisionReason"?: string, "breakdown"?: [{"category", "points", "reason", "evidence"?}]} on stdout (logs go to stderr)`);
  };
  const text = stdout.trim();
  if (text === '') bad('stdout was empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    bad(`stdout is not JSON (${err instanceof Error ? err.message : String(err)}): ${excerpt(text)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(`$ must be an object, found ${Array.isArray(value) ? 'an array' : typeof value}`);
  const o = value as Record<string, unknown>;
  const known = new Set(['score', 'decision', 'normalized', 'decisionReason', 'breakdown']);
  for (const k of Object.keys(o)) if (!known.has(k)) bad(`$.${k} is not a known field`);
  const num = (v: unknown, path: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${path} must be a finite number, found ${JSON.stringify(v) ?? 'nothing'}`);
    return v as number;
  };
  const str = (v: unknown, path: string, max: number): string => {
    if (typeof v !== 'string') bad(`${path} must be a string, found ${JSON.stringify(v) ?? 'nothing'}`);
    return (v as string).slice(0, max);
  };
  const out: ExternalScore = { score: num(o['score'], '$.score') };
  if (o['decision'] !== undefined) {
    if (!DECISIONS.includes(o['decision'] as ExternalDecision)) bad(`$.decision must be one of ${DECISIONS.join(', ')}, found ${JSON.stringify(o['decision'])}`);
    out.decision = o['decision'] as ExternalDecision;
  }
  if (o['normalized'] !== undefined) {
    const n = num(o['normalized'], '$.normalized');
    if (n < 0 || n > 100) bad(`$.normalized must be within 0..100, found ${n}`);
    out.normalized = n;
  }
  if (o['decisionReason'] !== undefined) out.decisionReason = str(o['decisionReason'], '$.decisionReason', 1000);
  if (o['breakdown'] !== undefined) {
    if (!Array.isArray(o['breakdown'])) bad('$.breakdown must be an array');
    const list = o['breakdown'] as unknown[];
    if (list.length > 200) bad(`$.breakdown has ${list.length} lines (at most 200)`);
    out.breakdown = list.map((line, i) => {
      const p = `$.breakdown[${i}]`;
      if (typeof line !== 'object' || line === null || Array.isArray(line)) bad(`${p} must be an object`);
      const l = line as Record<string, unknown>;
      const evidence = l['evidence'] === undefined ? [] : l['evidence'];
      if (!Array.isArray(evidence)) bad(`${p}.evidence must be an array of strings`);
      return {
        category: str(l['category'], `${p}.category`, 100),
        points: num(l['points'], `${p}.points`),
        reason: str(l['reason'], `${p}.reason`, 1000),
        evidence: (evidence as unknown[]).slice(0, 10).map((e, j) => str(e, `${p}.evidence[${j}]`, 300)),
      };
    });
  }
  return out;
}

export interface RunScorerOptions {
  readonly argv: readonly string[];
  readonly input: string;
  readonly timeoutMs: number;
  readonly cwd: string;
  /**
   * Where the scorer's variables are taken from (default process.env): only the allow-listed ones
   * (SCORER_ENV_ALLOW) and AUTO_PR_SESSIONS_* pass, never a token.
   */
  readonly env?: NodeJS.ProcessEnv;
  /** Further values to mask in what the scorer prints (e.g. the token input). */
  readonly secrets?: readonly string[];
}

function maskScore(score: ExternalScore, secrets: readonly string[]): ExternalScore {
  const m = (t: string) => maskSecrets(t, secrets);
  return {
    ...score,
    ...(score.decisionReason !== undefined ? { decisionReason: m(score.decisionReason) } : {}),
    ...(score.breakdown ? { breakdown: score.breakdown.map((l) => ({ ...l, category: m(l.category), reason: m(l.reason), evidence: l.evidence.map(m) })) } : {}),
  };
}

/**
 * Runs the scorer with `input` on stdin, in a minimal environment; resolves with its parsed score or
 * rejects with a ScorerError naming the command. Every text of either is masked for held tokens.
 */
export function runScorerCommand(opts: RunScorerOptions): Promise<ExternalScore> {
  const source = opts.env ?? process.env;
  const secrets = heldSecrets({ ...process.env, ...source }, opts.secrets ?? []);
  registerMasks(secrets);
  const own = Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => e[0].startsWith('AUTO_PR_SESSIONS_') && typeof e[1] === 'string'));
  const env = scorerEnv(source, own);
  return runMasked({ ...opts, env }, secrets).then(
    (score) => maskScore(score, secrets),
    (err: unknown) => Promise.reject(err instanceof ScorerError ? new ScorerError(maskSecrets(err.message, secrets)) : err),
  );
}

function runMasked(opts: RunScorerOptions & { env: NodeJS.ProcessEnv }, secrets: readonly string[]): Promise<ExternalScore> {
  const [program, ...args] = opts.argv;
  const shown = maskSecrets(showCommand(opts.argv), secrets);
  if (!program) return Promise.reject(new ScorerError('scorer-command is empty'));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let tooBig = false;
    let timedOut = false;
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const child = spawn(program, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'], shell: false, windowsHide: true });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (stdout.length + d.length > MAX_STDOUT) {
        tooBig = true;
        child.kill('SIGKILL');
        return;
      }
      stdout += d;
    });
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-STDERR_TAIL);
    });
    // a scorer that exits without reading stdin makes our write fail with EPIPE: not an error by itself
    child.stdin.on('error', () => undefined);
    child.on('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' ? 'the program was not found (check the path, or that it is on PATH)' : err.code === 'EACCES' ? 'the program is not executable (chmod +x, or run it through its interpreter)' : err.message;
      finish(() => reject(new ScorerError(`scorer-command \`${shown}\` could not be started: ${why}`)));
    });
    child.on('close', (code, signal) => {
      finish(() => {
        const tail = stderr.trim() ? `; stderr: ${excerpt(stderr, 500)}` : '';
        if (timedOut) return reject(new ScorerError(`scorer-command \`${shown}\` timed out after ${Math.round(opts.timeoutMs / 100) / 10} s and was killed (raise scorer-timeout-seconds if it needs longer)${tail}`));
        if (tooBig) return reject(new ScorerError(`scorer-command \`${shown}\` printed more than ${MAX_STDOUT} bytes on stdout; print only the score JSON there and logs on stderr`));
        if (signal) return reject(new ScorerError(`scorer-command \`${shown}\` was killed by ${signal}${tail}`));
        if (code !== 0) return reject(new ScorerError(`scorer-command \`${shown}\` crashed: exit code ${code}${tail}`));
        try {
          resolve(parseExternalScore(stdout, shown));
        } catch (err) {
          reject(err);
        }
      });
    });
    child.stdin.end(opts.input);
  });
}
