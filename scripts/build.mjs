#!/usr/bin/env node
// Runs after `npm install`/`npm ci` (prepare) and before tests, so `npm start` serves at once:
// 1. the embedded database template (a migrated, empty PGlite cluster) when migrations changed;
// 2. the web app (React + Vite) into web/dist when its sources are newer than the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const force = process.argv.includes('--force');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

function newest(dir, skip = []) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (skip.includes(e.name) || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p, skip) : statSync(p).mtimeMs);
  }
  return t;
}
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
let status = 0;

if (only !== 'web') {
  // Both templates (empty, and with the demo area) are rebuilt when migrations or server code change.
  const template = '.convene/pglite-demo.tar.gz';
  if (force || mtime(template) < Math.max(newest('migrations'), newest('src'))) {
    const r = spawnSync(process.execPath, ['bin/convene.js', 'prepare'], { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: 'warn' } });
    status ||= r.status ?? 1;
  }
}
if (only !== 'db' && existsSync('web/index.html')) {
  if (force || mtime('web/dist/index.html') < newest('web', ['dist'])) {
    const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
    status ||= r.status ?? 1;
  }
}
process.exit(status);
