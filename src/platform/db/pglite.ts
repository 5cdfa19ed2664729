import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * A migrated, empty database made at install time (scripts/build.mjs). Creating a PGlite cluster
 * from scratch runs initdb in WebAssembly (2–3 s); unpacking this template takes well under one.
 */
export const PGLITE_TEMPLATE = fileURLToPath(new URL('../../../.convene/pglite-template.tar.gz', import.meta.url));
/** The same with the demo area already loaded, so `npm start` serves the demo at once. */
export const PGLITE_DEMO_TEMPLATE = fileURLToPath(new URL('../../../.convene/pglite-demo.tar.gz', import.meta.url));

export async function openPglite(dataDir: string | null, opts: { template?: 'empty' | 'demo' | false } = {}): Promise<Db> {
  const fresh = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'));
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const wanted = opts.template ?? 'empty';
  const file = wanted === 'demo' && existsSync(PGLITE_DEMO_TEMPLATE) ? PGLITE_DEMO_TEMPLATE : PGLITE_TEMPLATE;
  const useTemplate = fresh && wanted !== false && existsSync(file);
  const pg = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm, fuzzystrmatch },
    parsers,
    ...(useTemplate ? { loadDataDir: new Blob([readFileSync(file)]) } : {}),
  });
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
    dumpDataDir: () => mutex.run(async () => Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer())),
  };
}

/** Writes the template: a fresh cluster with every migration applied, as a gzipped tarball. */
export async function writePgliteTemplate(migrateFn: (db: Db) => Promise<unknown>): Promise<string> {
  const { writeFileSync, mkdirSync: mk } = await import('node:fs');
  const { dirname } = await import('node:path');
  const pg = await PGlite.create('memory://', { extensions: { pg_trgm, fuzzystrmatch }, parsers });
  const db: Db = {
    kind: 'pglite',
    query: async (sql, params = []) => {
      const r = await pg.query(sql, params);
      return { rows: r.rows as never[], rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
    },
    exec: async (sql) => {
      await pg.exec(sql);
    },
    tx: async (fn) => pg.transaction(async (t) => fn({ query: async (sql, params = []) => { const r = await t.query(sql, params); return { rows: r.rows as never[], rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) }; }, exec: async (sql) => { await t.exec(sql); } })),
    close: () => pg.close(),
    ping: async () => true,
  };
  await migrateFn(db);
  const dump = await pg.dumpDataDir('gzip');
  mk(dirname(PGLITE_TEMPLATE), { recursive: true });
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await pg.close();
  return PGLITE_TEMPLATE;
}
