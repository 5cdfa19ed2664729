/**
 * npm run bench:import [-- --rows 200000]: imports a generated police.uk street-level file into a
 * fresh PostgreSQL database (when reachable) and into the embedded database; prints rows/s.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite } from '../../src/platform/db/pglite.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { migrate } from '../../src/platform/db/migrate.js';
import type { Db } from '../../src/platform/db/db.js';
import { policeUkCsv } from '../../src/modules/imports/generate.js';
import { importPoliceUk } from '../../src/modules/imports/police-uk.js';

const i = process.argv.indexOf('--rows');
const rows = i > 0 ? Number(process.argv[i + 1]) : 200_000;
const dir = mkdtempSync(join(tmpdir(), 'convene-import-bench-'));
const file = join(dir, '2026-09-riverside-street.csv');
writeFileSync(file, policeUkCsv(rows, 5));
console.log(`${rows} rows generated (about half anti-social behaviour)`);

async function run(label: string, db: Db) {
  await migrate(db);
  const area = '00000000-0000-4000-8000-000000000001';
  const agency = '00000000-0000-4000-8000-000000000002';
  await db.query("insert into areas (id, name) values ($1, 'Bench') on conflict do nothing", [area]);
  await db.query("insert into agencies (id, area_id, name, kind) values ($1, $2, 'Bench Police', 'police') on conflict do nothing", [agency, area]);
  const t0 = performance.now();
  const r = await importPoliceUk(db, file, { agencyId: agency, batchSize: 5000 });
  const secs = (performance.now() - t0) / 1000;
  console.log(`${label}: ${r.rows} rows (${r.imported} reports) in ${secs.toFixed(2)} s = ${Math.round(r.rows / secs)} rows/s (target >= 50,000 rows/s into PostgreSQL)`);
}

const server = process.env.CONVENE_TEST_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
try {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const name = `convene_bench_import_${Date.now()}`;
  await admin.query(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 4);
  await run('PostgreSQL', db);
  await db.close();
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
} catch (err) {
  console.log(`PostgreSQL: not measured (${(err as Error).message})`);
}
const lite = await openPglite(null);
await run('PGlite (embedded)', lite);
await lite.close();
rmSync(dir, { recursive: true, force: true });
