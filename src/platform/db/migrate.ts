import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Db } from './db.js';

/** Plain-SQL, forward-only migrations: NNNN_name.sql, applied once each in name order. */
export const MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url);

interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

function readMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(new URL(f, MIGRATIONS_DIR), 'utf8');
      return { version: f.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

async function applied(db: Db): Promise<Map<string, string>> {
  await db.query(`create table if not exists schema_migrations (
    version text primary key, checksum text not null, applied_at timestamptz not null default now())`);
  const { rows } = await db.query<{ version: string; checksum: string }>('select version, checksum from schema_migrations');
  return new Map(rows.map((r) => [r.version, r.checksum]));
}

/** Lists migrations not yet applied (readiness fails while any are pending). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const done = await applied(db);
  return readMigrations()
    .filter((m) => !done.has(m.version))
    .map((m) => m.version);
}

/** Applies pending migrations, each in its own transaction; refuses to run if an applied file was edited. */
export async function migrate(db: Db): Promise<string[]> {
  const done = await applied(db);
  const ran: string[] = [];
  for (const m of readMigrations()) {
    const prior = done.get(m.version);
    if (prior !== undefined) {
      if (prior !== m.checksum) throw new Error(`Migration ${m.version} was changed after it was applied; add a new migration instead.`);
      continue;
    }
    await db.tx(async (q) => {
      // Two processes starting together against one server must not apply the same file twice.
      if (db.kind === 'postgres') await q.query('select pg_advisory_xact_lock(7331001)');
      const again = await q.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (again.rowCount > 0) return;
      await q.exec(m.sql);
      await q.query('insert into schema_migrations (version, checksum) values ($1, $2)', [m.version, m.checksum]);
      ran.push(m.version);
    });
  }
  return ran;
}
