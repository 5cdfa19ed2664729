#!/usr/bin/env node
// Builds the web app (React + Vite) into web/dist when its sources are newer than the last build.
// Runs after `npm install`/`npm ci` (prepare), so `npm start` serves at once.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const force = process.argv.includes('--force');
if (!existsSync('web/index.html')) process.exit(0);

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = existsSync('web/dist/index.html') ? statSync('web/dist/index.html').mtimeMs : 0;
if (!force && built > newest('web')) process.exit(0);
const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
