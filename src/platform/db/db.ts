/**
 * One small database interface over PGlite (embedded) and node-postgres (server).
 * Both speak the same PostgreSQL 15 SQL with $n parameters; modules never see which is behind it.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements with no parameters (migrations, fixtures). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: commit on success, roll back on any throw. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  ping(): Promise<boolean>;
  /** The embedded database's files as a gzipped tarball (templates, backups); absent on a server. */
  dumpDataDir?(): Promise<Buffer>;
}

/** `Db.ping` for a database reached through `q`: whether it answers a trivial statement. */
export function pingThrough(q: Queryable): () => Promise<boolean> {
  return () =>
    q.query('select 1').then(
      () => true,
      () => false,
    );
}

/** Raised when the database cannot be reached, so the API answers 503 instead of 500. */
export class DatabaseUnavailableError extends Error {}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

export function isUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  return /Connection terminated|connect ECONNREFUSED|terminating connection|Client has encountered a connection error/i.test(e.message ?? '');
}
