/**
 * `convene backup` then `convene restore` into an empty place gives back the same database: every
 * table's rows (an md5 over each table in a fixed order) and an intact audit chain. Through the real
 * CLI, on the embedded database always and on the PostgreSQL server when the suite runs against one.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Db } from './db.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import { verifyAudit } from '../audit/audit.js';
import { scratchDir } from '../../../test/support/scratch.js';

const cli = (args: string[], env: Record<string, string>) => spawnSync(process.execPath, ['bin/convene.js', ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', ...env } });

/** Per table: row count and an md5 of all rows in a stable order. */
async function fingerprint(db: Db) {
  const tables = (await db.query<{ t: string }>("select tablename as t from pg_tables where schemaname = 'public' order by 1")).rows.map((r) => r.t);
  const out: Record<string, string> = {};
  for (const t of tables) out[t] = (await db.query<{ f: string }>(`select count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as f from "${t}" x`)).rows[0].f;
  return out;
}

describe('backup and restore', () => {
  it('round-trips the embedded database exactly', async () => {
    const dir = scratchDir('convene-backup-');
    const env = { DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
    expect(cli(['seed'], env).status).toBe(0);
    const file = join(dir, 'convene.tar.gz');
    const b = cli(['backup', file], env);
    expect(b.status, b.stderr).toBe(0);
    const before = await openPglite(join(env.DATA_DIR, 'pglite'), { template: false });
    const want = await fingerprint(before);
    await before.close();
    expect(Number(want.reports.split(':')[0])).toBeGreaterThan(100);

    const into = { DATA_DIR: join(dir, 'restored'), DATABASE_URL: '' };
    const r = cli(['restore', file], into);
    expect(r.status, r.stderr).toBe(0);
    const after = await openPglite(join(into.DATA_DIR, 'pglite'), { template: false });
    expect(await fingerprint(after)).toEqual(want);
    expect((await verifyAudit(after)).ok).toBe(true);
    await after.close();
    // A second restore over a live data directory is refused without --force.
    const again = cli(['restore', file], into);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already holds a database; stop Convene and pass --force/);
    expect(cli(['restore', join(dir, 'nope.tar.gz')], into).stderr).toMatch(/No backup file/);
  }, 120_000);

  // Defined only in the run against the server, so the embedded run neither runs nor skips it.
  if (process.env.CONVENE_TEST_DATABASE_URL) it('round-trips a PostgreSQL database exactly (pg_dump / pg_restore)', async () => {
    const server = process.env.CONVENE_TEST_DATABASE_URL!;
    const names = [`convene_b_${randomBytes(4).toString('hex')}`, `convene_r_${randomBytes(4).toString('hex')}`];
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    for (const n of names) await admin.query(`create database ${n}`);
    const url = (n: string) => Object.assign(new URL(server), { pathname: `/${n}` }).toString();
    try {
      expect(cli(['seed'], { DATABASE_URL: url(names[0]) }).status).toBe(0);
      const file = join(scratchDir('convene-backup-'), 'convene.dump');
      const b = cli(['backup', file], { DATABASE_URL: url(names[0]) });
      expect(b.status, b.stderr).toBe(0);
      const r = cli(['restore', file], { DATABASE_URL: url(names[1]) });
      expect(r.status, r.stderr).toBe(0);
      const [src, dst] = [await openPostgres(url(names[0]), 2), await openPostgres(url(names[1]), 2)];
      expect(await fingerprint(dst)).toEqual(await fingerprint(src));
      expect((await verifyAudit(dst)).ok).toBe(true);
      await src.close();
      await dst.close();
    } finally {
      for (const n of names) await admin.query(`drop database if exists ${n} with (force)`);
      await admin.end();
    }
  }, 180_000);
});
