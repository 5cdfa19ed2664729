import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/platform/db/db.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { migrate } from '../../src/platform/db/migrate.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the server named by CONVENE_TEST_DATABASE_URL (dropped again when the test file ends).
 */
export async function freshDb(): Promise<{ db: Db; url?: string; drop: () => Promise<void> }> {
  const server = process.env.CONVENE_TEST_DATABASE_URL;
  if (!server) {
    const db = await openPglite(null);
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const name = `convene_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 5);
  await migrate(db);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: server });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
