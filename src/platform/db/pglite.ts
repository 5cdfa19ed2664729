import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';
import { queryable } from './postgres.js';

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

/**
 * A node-postgres client over PGlite's own connection. Statements go through it so each shape is
 * prepared once (see statementName) as on a server: PGlite's query() parses and plans every call
 * afresh, and planning cost the embedded database more than running (a case page 6 ms against 2 ms).
 */
export async function connectClient(lite: PGlite): Promise<pg.Client> {
  const client = new pg.Client(createPgConfig(lite) as unknown as pg.ClientConfig);
  await client.connect();
  // A failure of the embedded database itself must not crash the process: the client then refuses
  // every statement ("connection error"), which requests answer with 503 and /readyz reports.
  client.on('error', () => undefined);
  return client;
}

export async function openPglite(dataDir: string | null, opts: { template?: 'empty' | 'demo' | false } = {}): Promise<Db> {
  const fresh = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'));
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const wanted = opts.template ?? 'empty';
  const file = wanted === 'demo' && existsSync(PGLITE_DEMO_TEMPLATE) ? PGLITE_DEMO_TEMPLATE : PGLITE_TEMPLATE;
  const useTemplate = fresh && wanted !== false && existsSync(file);
  const lite = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm, fuzzystrmatch },
    ...(useTemplate ? { loadDataDir: new Blob([readFileSync(file)]) } : {}),
  });
  const client = await connectClient(lite);
  const mutex = new Mutex();
  const direct = queryable(client);
  let closed = false;
  return {
    kind: 'pglite',
    query: (sql, params) => mutex.run(() => direct.query(sql, params)),
    exec: (sql) => mutex.run(() => direct.exec(sql)),
    tx: (fn) =>
      mutex.run(async () => {
        await client.query('BEGIN');
        try {
          const out = await fn(direct);
          await client.query('COMMIT');
          return out;
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }),
    async close() {
      if (closed) return;
      closed = true;
      await mutex.run(async () => {
        await client.end();
        await lite.close();
      });
    },
    async ping() {
      try {
        await mutex.run(() => client.query('select 1'));
        return true;
      } catch {
        return false;
      }
    },
    dumpDataDir: () => mutex.run(async () => Buffer.from(await (await lite.dumpDataDir('gzip')).arrayBuffer())),
  };
}

/** Writes the template: a fresh cluster with every migration applied, as a gzipped tarball. */
export async function writePgliteTemplate(migrateFn: (db: Db) => Promise<unknown>): Promise<string> {
  const db = await openPglite(null, { template: false });
  try {
    await migrateFn(db);
    mkdirSync(dirname(PGLITE_TEMPLATE), { recursive: true });
    writeFileSync(PGLITE_TEMPLATE, await db.dumpDataDir!());
  } finally {
    await db.close();
  }
  return PGLITE_TEMPLATE;
}
