// The external scorer: argument splitting without a shell, the schema check of its answer, and the
// messages for a timeout, a crash, bad output and a missing program.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExternalScore, runScorerCommand, splitCommand } from '@auto-pr-sessions/core';

const dir = mkdtempSync(join(tmpdir(), 'aps-scorer-'));
function script(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/usr/bin/env node\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}
const run = (argv: string[], input = '{}', timeoutMs = 10_000) => runScorerCommand({ argv, input, timeoutMs, cwd: dir });

describe('splitCommand', () => {
  it('splits words and honours quotes and escapes, with no expansion', () => {
    expect(splitCommand(`python3 score.py --name 'a b' "c \\"d\\"" e\\ f`)).toEqual(['python3', 'score.py', '--name', 'a b', 'c "d"', 'e f']);
    expect(splitCommand(`node -e 'console.log($HOME; 1 | 2)'`)).toEqual(['node', '-e', 'console.log($HOME; 1 | 2)']);
    expect(splitCommand('  ./scorer   --json  ')).toEqual(['./scorer', '--json']);
  });

  it('refuses what only a shell could do, saying the command runs without a shell', () => {
    expect(() => splitCommand('score.sh | jq .')).toThrow(/shell character "\|" \(unquoted\).*runs without a shell/);
    expect(() => splitCommand('score $TOKEN')).toThrow(/"\$"/);
    expect(() => splitCommand('a; rm -rf /')).toThrow(/";"/);
    expect(() => splitCommand(`score 'open`)).toThrow(/unterminated single quote/);
    expect(() => splitCommand('   ')).toThrow(/no program/);
  });
});

describe('parseExternalScore', () => {
  it('accepts the documented shape and names the JSON path of every problem', () => {
    expect(parseExternalScore('{"score": 4.5, "decision": "APPROVE", "breakdown": [{"category": "tests", "points": 4.5, "reason": "ok"}]}', 'x')).toEqual({
      score: 4.5,
      decision: 'APPROVE',
      breakdown: [{ category: 'tests', points: 4.5, reason: 'ok', evidence: [] }],
    });
    expect(() => parseExternalScore('{"score": "high"}', 'x')).toThrow(/\$\.score must be a finite number, found "high"/);
    expect(() => parseExternalScore('{"score": 1, "decision": "MAYBE"}', 'x')).toThrow(/\$\.decision must be one of APPROVE, REQUEST_CHANGES, BLOCK/);
    expect(() => parseExternalScore('{"score": 1, "normalized": 140}', 'x')).toThrow(/\$\.normalized must be within 0\.\.100/);
    expect(() => parseExternalScore('{"score": 1, "breakdown": [{"category": "t", "points": null, "reason": "r"}]}', 'x')).toThrow(/\$\.breakdown\[0\]\.points must be a finite number/);
    expect(() => parseExternalScore('{"Score": 1}', 'x')).toThrow(/\$\.Score is not a known field/);
    expect(() => parseExternalScore('[1]', 'x')).toThrow(/\$ must be an object, found an array/);
  });
});

describe('runScorerCommand', () => {
  it('passes the session JSON on stdin and reads the score from stdout (logs on stderr are fine)', async () => {
    const s = script('ok.js', `let t='';process.stdin.on('data',d=>t+=d).on('end',()=>{const j=JSON.parse(t);console.error('scoring',j.session.id);console.log(JSON.stringify({score:j.session.pushes*2,breakdown:[{category:'pushes',points:j.session.pushes*2,reason:'two per push'}]}));});`);
    await expect(run([s], JSON.stringify({ session: { id: 's-1', pushes: 3 } }))).resolves.toMatchObject({ score: 6, breakdown: [{ category: 'pushes', points: 6 }] });
  });

  it('an argument holding shell syntax reaches the program verbatim (no shell ran)', async () => {
    const s = script('argv.js', `console.log(JSON.stringify({score: 1, decisionReason: process.argv[2]}));`);
    await expect(run([s, '$(touch /tmp/pwned); `id` | cat'])).resolves.toMatchObject({ decisionReason: '$(touch /tmp/pwned); `id` | cat' });
  });

  it('a timeout kills the scorer and says so, naming the command', async () => {
    const s = script('slow.js', 'setTimeout(() => console.log("{\\"score\\":1}"), 30000);');
    const started = Date.now();
    await expect(run([s, '--slow'], '{}', 500)).rejects.toThrow(new RegExp(`scorer-command \`${s} --slow\` timed out after 0\\.5 s and was killed \\(raise scorer-timeout-seconds`));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a crash gives the exit code and the end of stderr', async () => {
    const s = script('crash.js', 'console.error("Traceback: model file missing"); process.exit(3);');
    await expect(run([s])).rejects.toThrow(/scorer-command `.*crash\.js` crashed: exit code 3; stderr: "Traceback: model file missing"/);
    const killed = script('segv.js', 'process.kill(process.pid, "SIGKILL");');
    await expect(run([killed])).rejects.toThrow(/was killed by SIGKILL/);
  });

  it('bad output: not JSON, empty, or the wrong shape', async () => {
    await expect(run([script('text.js', 'console.log("score: 7");')])).rejects.toThrow(/printed an invalid score: stdout is not JSON .*"score: 7"/);
    await expect(run([script('empty.js', '')])).rejects.toThrow(/printed an invalid score: stdout was empty/);
    await expect(run([script('shape.js', 'console.log(JSON.stringify({score: 1, decision: "SHIP"}))')])).rejects.toThrow(/\$\.decision must be one of/);
  });

  it('a program that does not exist or cannot run', async () => {
    await expect(run([join(dir, 'missing-scorer')])).rejects.toThrow(/could not be started: the program was not found/);
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'x');
    await expect(run([plain])).rejects.toThrow(/could not be started: the program is not executable/);
  });
});
