import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { openPglite } from './pglite.js';

/**
 * `convene backup FILE` / `convene restore FILE`. On a PostgreSQL server: pg_dump in its custom
 * format, restored by pg_restore in one transaction. On the embedded database: the data directory
 * as one gzipped tarball (PGlite's own dump), restored into an empty data directory.
 */
export class BackupError extends Error {}

/** Where the embedded database keeps its files (as `openDb` opens it). */
const dataDir = (config: Config) => join(config.DATA_DIR, 'pglite');

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new BackupError(`${cmd} could not be run (${r.error.message}); install the PostgreSQL client tools.`);
  if (r.status !== 0) throw new BackupError(`${cmd} failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
}

export async function backup(config: Config, file: string): Promise<{ kind: string; bytes: number }> {
  if (config.DATABASE_URL) {
    run('pg_dump', ['--format=custom', '--no-owner', '--file', file, config.DATABASE_URL]);
  } else {
    if (!existsSync(join(dataDir(config), 'PG_VERSION'))) throw new BackupError(`There is no embedded database at ${dataDir(config)} to back up.`);
    const db = await openPglite(dataDir(config), { template: false });
    try {
      writeFileSync(file, await db.dumpDataDir!());
    } finally {
      await db.close();
    }
  }
  return { kind: config.DATABASE_URL ? 'postgres' : 'pglite', bytes: readFileSync(file).length };
}

export async function restore(config: Config, file: string, opts: { force?: boolean } = {}): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`No backup file at ${file}.`);
  if (config.DATABASE_URL) {
    // --clean drops what is there first; one transaction, so a failed restore leaves the old data.
    run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', '--dbname', config.DATABASE_URL, file]);
    return;
  }
  const head = readFileSync(file).subarray(0, 2);
  if (head[0] !== 0x1f || head[1] !== 0x8b) throw new BackupError(`${file} is not a backup of the embedded database (expected a gzipped tarball).`);
  const dir = dataDir(config);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!opts.force) throw new BackupError(`${dir} already holds a database; stop Convene and pass --force to replace it.`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  const pg = await PGlite.create(dir, { extensions: { pg_trgm, fuzzystrmatch }, loadDataDir: new Blob([readFileSync(file)]) });
  await pg.query('select 1');
  await pg.close();
}
