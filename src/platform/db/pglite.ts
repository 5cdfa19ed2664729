import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { mkdirSync } from 'node:fs';
import type { Db, Queryable, QueryResult } from './db.js';

/** Dates stay 'YYYY-MM-DD' strings so a date of birth never shifts with the server's time zone. */
const parsers = { 1082: (v: string) => v, 20: (v: string) => Number(v) };

/** PGlite is one connection: a mutex keeps a transaction from interleaving with other requests' queries. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export async function openPglite(dataDir: string | null): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir ?? undefined, { extensions: { pg_trgm, fuzzystrmatch }, parsers });
  const mutex = new Mutex();
  const direct: Queryable = {
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const r = await pg.query<T>(sql, params);
      return { rows: r.rows, rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
  };
  let closed = false;
  return {
    kind: 'pglite',
    query: (sql, params) => mutex.run(() => direct.query(sql, params)),
    exec: (sql) => mutex.run(() => direct.exec(sql)),
    tx: (fn) =>
      mutex.run(async () => {
        await pg.exec('BEGIN');
        try {
          const out = await fn(direct);
          await pg.exec('COMMIT');
          return out;
        } catch (err) {
          await pg.exec('ROLLBACK');
          throw err;
        }
      }),
    async close() {
      if (closed) return;
      closed = true;
      await mutex.run(() => pg.close());
    },
    async ping() {
      try {
        await mutex.run(() => pg.query('select 1'));
        return true;
      } catch {
        return false;
      }
    },
  };
}
