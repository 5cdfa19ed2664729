import { createHash } from 'node:crypto';
import pg from 'pg';
import { pingThrough, type Db, type Queryable, type QueryResult } from './db.js';

// Dates as strings (a date of birth never shifts with a time zone), bigint counts as numbers; the
// embedded database goes through node-postgres too (see pglite.ts), so both give the same shapes.
pg.types.setTypeParser(1082, (v: string) => v);
pg.types.setTypeParser(20, (v: string) => Number(v));

export async function openPostgres(url: string, poolSize: number): Promise<Db> {
  // No JIT compilation: Convene's statements are short, and its few long reads (the linking index at
  // start-up) spent longer compiling than running (0.3–0.9 s of a 0.6–0.8 s page). Options in the
  // database URL take precedence.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000, options: '-c jit=off' });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const direct = queryable(pool);
  await direct.query('select 1');
  return {
    kind: 'postgres',
    query: direct.query,
    exec: direct.exec,
    async tx(fn) {
      const client = await pool.connect();
      let broken = false;
      // A connection lost while the transaction holds it between statements (the server
      // restarting) is reported on the client itself: note it, so it is not an uncaught error,
      // and the next statement or the commit fails (503) and the client is discarded.
      const lost = () => {
        broken = true;
      };
      client.on('error', lost);
      try {
        await client.query('BEGIN');
        const out = await fn(queryable(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw err;
      } finally {
        client.off('error', lost);
        client.release(broken);
      }
    },
    close: () => pool.end(),
    ping: pingThrough(direct),
  };
}

/** Statements through a node-postgres pool or client (the server's, or the embedded database's), each shape prepared once. */
export const queryable = (c: pg.Pool | pg.ClientBase): Queryable => ({
  async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
    const name = statementName(sql, params);
    const r = await (name ? c.query({ name, text: sql, values: params }) : c.query(sql, params));
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  },
  async exec(sql: string) {
    await c.query(sql);
  },
});

/**
 * Parameterised statements are prepared once per connection under a name derived from their text,
 * so the server parses (and, where a generic plan serves, plans) each shape once rather than on
 * every call. Rows go in as arrays (one parameter per column), so a statement's text does not
 * change with their number; one with very many parameters (a VALUES list) stays unnamed all the
 * same, so a connection never collects one prepared statement per batch size. Report intake, one
 * statement of several modules' parts, has about fifty.
 *
 * Names are found by the text's length, then by comparing texts: a Map keyed by the text hashes all
 * of a text built afresh on each call (about 10 µs for 5 KB), while texts of one length are few and
 * the first differing character ends a comparison.
 */
export function statementName(sql: string, params: unknown[]): string | undefined {
  if (params.length === 0 || params.length > 64 || sql.length > 20_000) return undefined;
  const sameLength = named.get(sql.length);
  if (sameLength) for (const s of sameLength) if (s.sql === sql) return s.name;
  const name = `c_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
  if (namedCount < 5000) {
    namedCount++;
    if (sameLength) sameLength.push({ sql, name });
    else named.set(sql.length, [{ sql, name }]);
  }
  return name;
}
const named = new Map<number, { sql: string; name: string }[]>();
let namedCount = 0;
