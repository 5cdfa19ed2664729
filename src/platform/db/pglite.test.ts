import { afterAll, describe, expect, it } from 'vitest';
import { isUnavailable } from './db.js';
import { startDatabaseThread } from './pglite-thread.js';
import { statementName } from './postgres.js';

const db = await startDatabaseThread({ dataDir: null, template: null });
afterAll(() => db.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as Error & { code?: string },
  );

describe('the embedded database on its own thread', () => {
  it('prepares each statement shape once, and reports errors with their SQLSTATE', async () => {
    const sql = 'select $1::int + 1 as n';
    expect((await db.query<{ n: number }>(sql, [41])).rows[0].n).toBe(42);
    expect((await db.query<{ n: number }>(sql, [1])).rows[0].n).toBe(2);
    expect((await db.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements where name = $1', [statementName(sql, [1])])).rows[0].n).toBe(1);
    expect((await failure(db.query('select 1 / 0')))?.code).toBe('22012');
    expect((await db.query<{ n: number }>('select 2 as n')).rows[0].n).toBe(2);
  });

  it('runs a transaction alone: what is sent meanwhile waits for it, and a failed one leaves nothing', async () => {
    await db.exec('create table things (x int)');
    let seen: number | null = null;
    await db.tx(async (q) => {
      await q.query('insert into things values (1)');
      // Sent while the transaction is open: answered after it commits.
      void db.query<{ n: number }>('select count(*)::int as n from things').then((r) => (seen = r.rows[0].n));
      await new Promise((r) => setTimeout(r, 50));
      expect(seen).toBeNull();
      await q.query('insert into things values (2)');
    });
    await db.query('select 1');
    expect(seen).toBe(2);
    const err = await failure(
      db.tx(async (q) => {
        await q.query('insert into things values (3)');
        throw new Error('changed my mind');
      }),
    );
    expect(err?.message).toBe('changed my mind');
    expect((await db.query<{ n: number }>('select count(*)::int as n from things')).rows[0].n).toBe(2);
  });

  it("leaves the server's thread free while a statement runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await db.query('select pg_sleep(0.3)');
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(10);
  });

  it('once the thread stops, answers every statement as unavailable instead of crashing', async () => {
    const other = await startDatabaseThread({ dataDir: null, template: null });
    const running = failure(other.query('select pg_sleep(5)'));
    await new Promise((r) => setTimeout(r, 100));
    await other.worker.terminate();
    expect(isUnavailable(await running)).toBe(true);
    expect(isUnavailable(await failure(other.query('select 1')))).toBe(true);
    expect(await other.ping()).toBe(false);
    await other.close();
  });
});
