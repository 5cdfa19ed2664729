#!/usr/bin/env node
// The whole test suite: type check, then vitest against embedded PGlite, then again against the
// PostgreSQL server when one is reachable (a fresh database per test file), then browser tests.
// Ends with one line "Tests: N passed, N failed" summing every run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const args = process.argv.slice(2);
const fuzz = args.includes('--fuzz');
const serverUrl = process.env.CONVENE_TEST_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;

function run(label, cmd, cmdArgs, env = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) exitCode = 1;
  return r.status === 0;
}

function vitest(label, env, extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'convene-test-'));
  const out = join(dir, 'results.json');
  run(label, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extra], env);
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0);
    skipped += j.numPendingTests + j.numTodoTests;
  } else failed++;
  rmSync(dir, { recursive: true, force: true });
}

async function serverReachable() {
  const c = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

if (!run('type check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])) failed++;
// The web app has a configuration of its own (DOM, JSX, bundler resolution); Vite builds it without checking types.
if (!run('type check (web app)', 'npx', ['tsc', '-p', 'web/tsconfig.json', '--noEmit'])) failed++;
// The embedded database template and the web build are inputs to the tests (both skip when current).
if (!run('build (database template, web app)', process.execPath, ['scripts/build.mjs'])) failed++;
const fuzzEnv = fuzz ? { CONVENE_FUZZ_RUNS: process.env.CONVENE_FUZZ_RUNS ?? '2000' } : {};
vitest('tests on embedded PGlite', { ...fuzzEnv, CONVENE_TEST_DATABASE_URL: '' });
if (await serverReachable()) vitest(`tests on PostgreSQL server (${new URL(serverUrl).host})`, { ...fuzzEnv, CONVENE_TEST_DATABASE_URL: serverUrl });
else console.log(`\n=== PostgreSQL server at ${new URL(serverUrl).host} not reachable: server run skipped ===`);
if (!fuzz && existsSync('test/browser/run.mjs')) {
  const ok = run('browser tests (Chromium)', 'node', ['test/browser/run.mjs']);
  if (existsSync('test/browser/.results.json')) {
    const b = JSON.parse(readFileSync('test/browser/.results.json', 'utf8'));
    passed += b.passed;
    failed += b.failed;
  } else if (!ok) failed++;
}

console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
