import type { Config } from '../config.js';
import type { Db } from './db.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import { join } from 'node:path';

export * from './db.js';
export { migrate, pendingMigrations } from './migrate.js';

/** Opens PostgreSQL when DATABASE_URL is set, else the embedded database under DATA_DIR. */
export async function openDb(config: Config, opts: { demo?: boolean } = {}): Promise<Db> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, config.DB_POOL_SIZE);
  return openPglite(join(config.DATA_DIR, 'pglite'), { template: opts.demo ? 'demo' : 'empty' });
}
