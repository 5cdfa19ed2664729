import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';
import { startDatabaseThread } from './pglite-thread.js';

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
  // On a thread of its own (see pglite-thread.ts). Statements go through node-postgres there, so
  // each shape is prepared once (see statementName), as on a server: PGlite's query() parses and plans
  // every call afresh, and planning cost the embedded database more than running (a case page 6 ms
  // against 2 ms).
  const { worker: _, ...thread } = await startDatabaseThread({ dataDir, template: useTemplate ? file : null });
  return { kind: 'pglite', ...thread };
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
