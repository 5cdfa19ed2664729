#!/usr/bin/env node
// Browser tests: the real server on the embedded database with the demo area, driven in Debian's
// Chromium by playwright-core, with axe-core accessibility checks on every page and screenshots.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import firstReportToCase from './first-report-to-case.mjs';
import recordsAndAdministration from './records-and-administration.mjs';
import teamsAndPartners from './teams-and-partners.mjs';

const results = { passed: 0, failed: 0 };
const shots = 'docs/screenshots';
mkdirSync(shots, { recursive: true });
if (!existsSync('web/dist/index.html')) spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dataDir = mkdtempSync(join(tmpdir(), 'convene-browser-'));
const server = spawn(process.execPath, ['bin/convene.js', 'start', '--seed-if-empty'], { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
server.stdout.on('data', () => {});
const base = `http://127.0.0.1:${port}`;
let browser;

async function waitReady() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

async function axe(page, name) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) throw new Error(`axe on ${name}: ${bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`);
}

async function test(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.passed++;
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    results.failed++;
    console.log(`  ✗ ${name}: ${err.message.split('\n').slice(0, process.env.BROWSER_VERBOSE ? 6 : 1).join('\n')}`);
  }
}

const expect = (cond, msg) => {
  if (!cond) throw new Error(msg);
};

try {
  await waitReady();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);

  const signInAs = async (email) => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('convene-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };
  // The journeys, in order: each group starts where the one before it left off.
  const journey = { page, base, test, expect, axe, shots, signInAs };
  await firstReportToCase(journey);
  await teamsAndPartners(journey);
  await recordsAndAdministration(journey);
} catch (err) {
  results.failed++;
  console.log(`  ✗ browser run: ${err.message}`);
} finally {
  await browser?.close().catch(() => {});
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
writeFileSync('test/browser/.results.json', JSON.stringify(results));
console.log(`browser: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);
