#!/usr/bin/env node
// Parser throughput and memory on large reports, ours against widely used public parsers.
//
//   npx tsc -b packages/cli && node scripts/bench-parsers.mjs [--cases 100000] [--lcov-mb 50]
//
// Generates, in a temporary directory, a JUnit XML file with 100 000 test cases (1 % failing with
// a stack trace, 2 % skipped, some captured output) and a ~50 MB lcov tracefile; parses each in a
// fresh child process (so memory figures do not mix) and prints wall time and peak RSS
// (process.resourceUsage().maxRSS). Ours: @auto-pr-sessions/core from packages/core/dist.
// Theirs: fast-xml-parser (XMLParser over the whole file, the usual way to use it) for JUnit,
// lcov-parse for lcov. Goal for ours: ≤ 2 s and ≤ 256 MB each.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { once } from 'node:events';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const coreDist = pathToFileURL(join(repo, 'packages/core/dist/index.js')).href;

async function child(kind, impl, file) {
  const t0 = performance.now();
  let summary;
  if (impl === 'noop') {
    summary = 'node baseline';
  } else if (kind === 'junit' && impl === 'ours') {
    const { parseJunit } = await import(coreDist);
    const r = await parseJunit(file);
    summary = `${r.total} tests, ${r.failed} failed, ${r.skipped} skipped`;
  } else if (kind === 'junit' && impl === 'fast-xml-parser') {
    const { XMLParser } = await import('fast-xml-parser');
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' || name === 'testsuite' }).parse(readFileSync(file, 'utf8'));
    let total = 0;
    let failed = 0;
    for (const suite of doc.testsuites.testsuite) for (const tc of suite.testcase) {
      total += 1;
      if (tc.failure !== undefined) failed += 1;
    }
    summary = `${total} tests, ${failed} failed`;
  } else if (kind === 'lcov' && impl === 'ours') {
    const { parseLcov } = await import(coreDist);
    const r = await parseLcov(file);
    summary = `${r.files.size} files, lines ${r.totals.lines.covered}/${r.totals.lines.total}`;
  } else if (kind === 'lcov' && impl === 'lcov-parse') {
    const { default: parse } = await import('lcov-parse');
    const data = await new Promise((res, rej) => parse(file, (err, d) => (err ? rej(new Error(String(err))) : res(d))));
    let hit = 0;
    let found = 0;
    for (const f of data) {
      hit += f.lines.hit;
      found += f.lines.found;
    }
    summary = `${data.length} files, lines ${hit}/${found}`;
  } else {
    throw new Error(`unknown ${kind}/${impl}`);
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, summary }));
}

async function write(path, produce) {
  const out = createWriteStream(path);
  for (const chunk of produce()) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function* junitXml(cases) {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench" tests="' + cases + '">\n';
  const perSuite = 100;
  for (let s = 0; s < cases / perSuite; s += 1) {
    let buf = `  <testsuite name="suite${s}" tests="${perSuite}" time="1.5">\n`;
    for (let i = 0; i < perSuite; i += 1) {
      const n = s * perSuite + i;
      buf += `    <testcase classname="pkg/module${s}.test.ts" name="does thing number ${n} correctly" time="0.012">`;
      if (n % 100 === 7) buf += `<failure message="expected ${n} to be ${n + 1}" type="AssertionError">AssertionError: expected ${n} to be ${n + 1}\n    at pkg/module${s}.test.ts:${i + 10}:5\n    at node_modules/vitest/dist/runner.js:120:7</failure>`;
      else if (n % 50 === 3) buf += '<skipped/>';
      else if (n % 10 === 1) buf += `<system-out>log line for ${n}: ${'x'.repeat(80)}</system-out>`;
      buf += '</testcase>\n';
    }
    yield `${buf}  </testsuite>\n`;
  }
  yield '</testsuites>\n';
}

function* lcovText(targetBytes) {
  let bytes = 0;
  for (let f = 0; bytes < targetBytes; f += 1) {
    let buf = `TN:\nSF:/home/runner/work/repo/repo/src/area${f % 97}/module${f}.ts\n`;
    for (let fn = 1; fn <= 20; fn += 1) buf += `FN:${fn * 20},fn${fn}\nFNDA:${fn % 3},fn${fn}\n`;
    buf += 'FNF:20\nFNH:13\n';
    let hit = 0;
    for (let line = 1; line <= 400; line += 1) {
      const h = line % 4 === 0 ? 0 : (line * 7) % 50;
      if (h > 0) hit += 1;
      buf += `DA:${line},${h}\n`;
    }
    for (let b = 1; b <= 40; b += 1) buf += `BRDA:${b * 10},${b},0,${b % 2}\n`;
    buf += `BRF:40\nBRH:20\nLF:400\nLH:${hit}\nend_of_record\n`;
    bytes += buf.length;
    yield buf;
  }
}

function measure(kind, impl, file) {
  const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind, impl, file], { encoding: 'utf8', cwd: repo });
  if (res.status !== 0) return { error: (res.stderr || res.stdout).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(res.stdout);
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1], args[2], args[3]);
  const opt = (name, def) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : def;
  };
  const cases = opt('--cases', 100_000);
  const lcovMB = opt('--lcov-mb', 50);
  const dir = mkdtempSync(join(tmpdir(), 'bench-parsers-'));
  try {
    const junit = join(dir, 'junit.xml');
    const lcov = join(dir, 'lcov.info');
    await write(junit, () => junitXml(cases));
    await write(lcov, () => lcovText(lcovMB * 1024 * 1024));
    const size = (p) => `${(statSync(p).size / 1024 / 1024).toFixed(1)} MB`;
    const base = measure('junit', 'noop', junit);
    console.log(`node ${process.version}; a bare node child peaks at ${base.maxRssMB.toFixed(0)} MB RSS\n`);
    const rows = [];
    for (const [kind, file, label, theirs] of [
      ['junit', junit, `JUnit XML, ${cases} test cases (${size(junit)})`, 'fast-xml-parser'],
      ['lcov', lcov, `lcov (${size(lcov)})`, 'lcov-parse'],
    ]) {
      const a = measure(kind, 'ours', file);
      const b = measure(kind, theirs, file);
      rows.push({ label, ours: a, theirs, other: b });
    }
    for (const r of rows) {
      console.log(r.label);
      const fmt = (m) => (m.error ? `failed: ${m.error}` : `${(m.ms / 1000).toFixed(2)} s, peak RSS ${m.maxRssMB.toFixed(0)} MB  (${m.summary})`);
      console.log(`  ours             ${fmt(r.ours)}`);
      console.log(`  ${r.theirs.padEnd(16)} ${fmt(r.other)}`);
      if (!r.ours.error && !r.other.error) {
        console.log(`  ratio ours/theirs: time ${(r.ours.ms / r.other.ms).toFixed(2)}×, memory ${(r.ours.maxRssMB / r.other.maxRssMB).toFixed(2)}×`);
        const ok = r.ours.ms <= 2000 && r.ours.maxRssMB <= 256;
        console.log(`  goal (≤ 2 s, ≤ 256 MB): ${ok ? 'met' : 'NOT met'}`);
      }
      console.log('');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
